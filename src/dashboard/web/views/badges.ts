import { html } from 'htm/preact';

/** `db: not Healthy (Progressing); cache: no such application yet`: what an app waits for, in words. */
export function waitsText(waits: ReadonlyArray<{ name: string; namespace?: string; reason: string }>): string {
  return waits.map((w) => `${w.namespace ? `${w.namespace}/` : ''}${w.name}: ${w.reason}`).join('; ');
}

/** A status word with its colour; the word itself carries the meaning (never colour alone). */
export function Badge({ value, kind }: { value: string | undefined; kind: 'health' | 'sync' | 'result' }) {
  const v = value ?? 'Unknown';
  return html`<span class=${`badge ${kind}-${v}`}>${v}</span>`;
}
