import type { AppStatus, AuditEvent, SyncResultCode } from '../store/store.js';

/**
 * What happens in the agent, as it happens: the dashboard's live updates (Server-Sent Events) read
 * these. Published right after the store has recorded the change, so a reader that then asks the API
 * sees the new state.
 */
export type AgentEvent =
  | { type: 'app.status'; app: string; status: AppStatus }
  | { type: 'app.removed'; app: string }
  | { type: 'sync.started'; app: string; id: number; revision: string; trigger: string; who?: string }
  | { type: 'sync.finished'; app: string; id: number; result: Exclude<SyncResultCode, 'Running'>; message?: string }
  | { type: 'audit'; app?: string; event: AuditEvent }
  /** The agent is stopping: live streams end now rather than hold the API's shutdown. */
  | { type: 'agent.stopping'; app?: undefined };

export type AgentEventType = AgentEvent['type'];

/** An in-process event bus: listeners are called synchronously, in order; one that throws does not stop the others. */
export interface AgentEvents {
  publish(event: AgentEvent): void;
  subscribe(listener: (event: AgentEvent) => void): () => void;
  /** Listeners subscribed now (for tests and metrics). */
  size(): number;
}

export function createAgentEvents(onListenerError?: (error: unknown) => void): AgentEvents {
  const listeners = new Set<(event: AgentEvent) => void>();
  return {
    publish(event) {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch (error) {
          onListenerError?.(error);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    size: () => listeners.size,
  };
}
