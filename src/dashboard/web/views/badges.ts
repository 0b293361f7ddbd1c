import { html } from 'htm/preact';

/** A status word with its colour; the word itself carries the meaning (never colour alone). */
export function Badge({ value, kind }: { value: string | undefined; kind: 'health' | 'sync' | 'result' }) {
  const v = value ?? 'Unknown';
  return html`<span class=${`badge ${kind}-${v}`}>${v}</span>`;
}
