import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { refText } from '../format.js';
import type { SyncEntryView, SyncRecord } from '../types.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** How a hook's run ended, from its entry: Healthy succeeded, Degraded failed, else what was done. */
function outcome(e: SyncEntryView): string {
  if (e.hook) return e.health?.status === 'Healthy' ? 'succeeded' : e.health?.status === 'Degraded' ? 'failed' : e.action;
  return e.action;
}

/**
 * What one sync did, in the order it happened: hooks with their phase and how they ended, and each
 * object's action. Folded; the list is built only when opened (a sync may hold thousands of objects).
 */
export function SyncSteps({ sync }: { sync: SyncRecord }) {
  const [open, setOpen] = useState(false);
  const entries = sync.entries ?? [];
  if (entries.length === 0) return '';
  const hooks = entries.filter((e) => e.hook).length;
  const objects = entries.length - hooks;
  return html`<details class="steps" onToggle=${(e: Event) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
    <summary>${[objects > 0 && plural(objects, 'object'), hooks > 0 && plural(hooks, 'hook')].filter(Boolean).join(', ')}</summary>
    ${
      open &&
      html`<ol>${entries.map(
        (e) =>
          html`<li class=${e.hook ? 'hook' : ''}>${e.hook ? `${e.hook} hook ` : ''}${refText(e.ref)}: ${outcome(e)}${e.message ? ` (${e.message})` : ''}</li>`,
      )}</ol>`
    }
  </details>`;
}
