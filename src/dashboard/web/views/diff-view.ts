import { html } from 'htm/preact';
import { refText } from '../format.js';
import type { AppDiff } from '../types.js';

/** Each object that differs, with its unified diff (Secret values arrive masked from the agent). */
export function DiffView({ diff }: { diff: AppDiff }) {
  const changed = diff.entries.filter((e) => e.change !== 'none');
  if (changed.length === 0) return html`<p class="in-sync">No difference: the live state matches ${diff.revision.sha.slice(0, 7)}.</p>`;
  return html`<ul class="diff-list">
    ${changed.map(
      (e) => html`<li>
        <h4><span class=${`change change-${e.change}`}>${e.change}</span> ${refText(e.ref)}</h4>
        ${e.message && html`<p>${e.message}</p>`}
        ${
          e.diff &&
          html`<pre class="diff" tabindex="0" aria-label=${`diff of ${refText(e.ref)}`}>${e.diff
            .split('\n')
            .map(
              (line) => html`<span class=${line.startsWith('+') ? 'add' : line.startsWith('-') ? 'del' : ''}>${`${line}\n`}</span>`,
            )}</pre>`
        }
      </li>`,
    )}
  </ul>`;
}
