import type { AgentEvent } from './types.js';

type Listener = (event: AgentEvent) => void;
const listeners = new Set<Listener>();
let source: EventSource | undefined;

const types = ['app.status', 'app.removed', 'sync.started', 'sync.finished', 'audit'];

/** One Server-Sent Events connection for the whole page (the browser reconnects it by itself). */
export function startLive(): void {
  if (source) return;
  source = new EventSource('/api/v1/events');
  for (const type of types)
    source.addEventListener(type, (e) => {
      const event = JSON.parse((e as MessageEvent<string>).data) as AgentEvent;
      for (const l of listeners) l(event);
    });
}

export function stopLive(): void {
  source?.close();
  source = undefined;
}

export function onLive(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
