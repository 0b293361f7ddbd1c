import { html } from 'htm/preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api.js';
import { ago, firstLine, shortSha } from '../format.js';
import { onLive } from '../live.js';
import type { AppDiff, AppView, AuditEvent, ResourceTree, SyncRecord } from '../types.js';
import { Badge } from './badges.js';
import { Dialog } from './dialogs.js';
import { DiffView } from './diff-view.js';
import { ResourceTreeView } from './resource-tree.js';
import { SyncSteps } from './sync-steps.js';

type DialogState =
  | { kind: 'sync'; prune: boolean; dryRun: boolean; result?: AppDiff }
  | { kind: 'rollback'; sync: SyncRecord; diff?: AppDiff; error?: string };

const duration = (s: SyncRecord) =>
  s.finishedAt ? `${((Date.parse(s.finishedAt) - Date.parse(s.startedAt)) / 1000).toFixed(1)} s` : 'running';

/** One app: status, actions, resource tree, diff, conditions, current operation, history, audit; live. */
export function AppDetail({ name }: { name: string }) {
  const [app, setApp] = useState<AppView | undefined>(undefined);
  const [tree, setTree] = useState<ResourceTree | undefined>(undefined);
  const [treeError, setTreeError] = useState('');
  const [diff, setDiff] = useState<AppDiff | undefined>(undefined);
  const [history, setHistory] = useState<SyncRecord[]>([]);
  const [audit, setAudit] = useState<AuditEvent[]>([]);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [dialog, setDialog] = useState<DialogState | undefined>(undefined);

  const fail = (e: unknown) => setError(e instanceof ApiError ? e.message : String(e));
  const loadStatus = useCallback(() => {
    api.app(name).then(setApp, fail);
    api.history(name).then(setHistory, fail);
    api.audit(name).then((events) => setAudit(events.reverse()), fail);
  }, [name]);
  const loadTree = useCallback(
    () =>
      api.tree(name).then(
        (t) => {
          setTree(t);
          setTreeError('');
        },
        (e) => setTreeError(e instanceof ApiError ? e.message : String(e)),
      ),
    [name],
  );

  useEffect(() => {
    loadStatus();
    void loadTree();
    let treeTimer: number | undefined;
    const off = onLive((e) => {
      if (e.app !== name) return;
      if (e.type === 'app.status') setApp((a) => (a ? { ...a, status: e.status } : a));
      if (e.type === 'sync.started' || e.type === 'sync.finished') api.history(name).then(setHistory, fail);
      if (e.type === 'audit') setAudit((list) => [e.event, ...list].slice(0, 100));
      if (e.type === 'app.status' || e.type === 'sync.finished') {
        clearTimeout(treeTimer);
        treeTimer = window.setTimeout(() => void loadTree(), 300);
      }
    });
    return () => {
      off();
      clearTimeout(treeTimer);
    };
  }, [name, loadStatus, loadTree]);

  const act = async (what: string, run: () => Promise<unknown>) => {
    setError('');
    try {
      await run();
      setNotice(what);
    } catch (e) {
      fail(e);
    }
  };

  if (!app)
    return html`<section><h1>${name}</h1>${error ? html`<p class="error" role="alert">${error}</p>` : html`<p>Loading...</p>`}</section>`;
  const s = app.status;
  const operate = app.can?.operate ?? false;
  const running = s?.lastSync?.result === 'Running' ? s.lastSync : undefined;

  return html`<section class="app" aria-labelledby="app-title">
    <p><a href="#/apps">All apps</a></p>
    <h1 id="app-title">${app.name}</h1>
    <div class="summary">
      <${Badge} kind="sync" value=${s?.syncStatus} /> <${Badge} kind="health" value=${s?.health.status} />
      ${s?.paused && html`<span class="paused">automated sync paused</span>`}
      <span>revision <code>${shortSha(s?.revision?.sha)}</code> ${firstLine(s?.revision?.message)}</span>
      <span>${app.source.repoURL} (${app.source.path}) at ${app.source.targetRevision}</span>
    </div>
    ${s?.health.message && html`<p class="health-message">${s.health.message}</p>`}
    ${
      operate &&
      html`<div class="actions" role="group" aria-label="actions">
      <button onClick=${() => setDialog({ kind: 'sync', prune: false, dryRun: false })}>Sync</button>
      <button class="secondary" onClick=${() => act('Refresh requested', () => api.refresh(name))}>Refresh</button>
      ${
        s?.paused
          ? html`<button class="secondary" onClick=${() => act('Resumed', () => api.resume(name))}>Resume</button>`
          : html`<button class="secondary" onClick=${() => act('Paused', () => api.pause(name))}>Pause</button>`
      }
    </div>`
    }
    <p class="notice" role="status">${notice}</p>
    ${error && html`<p class="error" role="alert">${error}</p>`}

    <h2>Current operation</h2>
    <p class="operation">${running ? `Syncing ${shortSha(running.revision)} (${running.trigger}), started ${ago(running.startedAt)}` : 'None'}</p>

    <h2>Conditions</h2>
    ${
      s?.conditions.length
        ? html`<ul class="conditions">${s.conditions.map((c) => html`<li><strong>${c.type}</strong> since ${ago(c.since)}: ${c.message}</li>`)}</ul>`
        : html`<p>None</p>`
    }

    <h2>Resources</h2>
    ${
      tree
        ? html`<${ResourceTreeView} tree=${tree} app=${app.name} />`
        : treeError
          ? html`<p class="error">The resources cannot be read: ${treeError}</p>`
          : html`<p>Loading...</p>`
    }

    <h2>Diff</h2>
    ${
      diff
        ? html`<${DiffView} diff=${diff} />`
        : html`<button class="secondary" onClick=${() => api.diff(name).then(setDiff, fail)}>Show the diff with Git</button>`
    }

    <h2>History</h2>
    <table class="history">
      <thead><tr><th scope="col">Revision</th><th scope="col">Author</th><th scope="col">Message</th><th scope="col">Trigger</th><th scope="col">Who</th><th scope="col">Result</th><th scope="col">Started</th><th scope="col">Duration</th><th scope="col">Steps</th>${operate && html`<th scope="col"><span class="sr-only">Actions</span></th>`}</tr></thead>
      <tbody>
        ${history.map(
          (h) => html`<tr>
            <td><code>${shortSha(h.revision.sha)}</code></td><td>${h.revision.author ?? ''}</td><td>${firstLine(h.revision.message)}</td>
            <td>${h.trigger}</td><td>${h.who ?? ''}</td><td><${Badge} kind="result" value=${h.result} /></td><td>${ago(h.startedAt)}</td><td>${duration(h)}</td><td><${SyncSteps} sync=${h} /></td>
            ${
              operate &&
              html`<td>${
                h.result === 'Succeeded' && h.revision.sha !== s?.revision?.sha
                  ? html`<button class="secondary small" onClick=${() => {
                      setDialog({ kind: 'rollback', sync: h });
                      api.diff(name, h.revision.sha).then(
                        (d) => setDialog({ kind: 'rollback', sync: h, diff: d }),
                        (e) => setDialog({ kind: 'rollback', sync: h, error: e instanceof ApiError ? e.message : String(e) }),
                      );
                    }} aria-label=${`Roll back to ${shortSha(h.revision.sha)}`}>Roll back</button>`
                  : ''
              }</td>`
            }
          </tr>`,
        )}
      </tbody>
    </table>

    <h2>Audit log</h2>
    <ul class="audit">${audit.map((e) => html`<li><time datetime=${e.at}>${ago(e.at)}</time> <strong>${e.actor}</strong> ${e.action}${typeof e.detail.object === 'string' ? ` ${e.detail.object}` : ''}${typeof e.detail.revision === 'string' ? ` ${shortSha(e.detail.revision)}` : ''}</li>`)}</ul>

    ${
      dialog?.kind === 'sync' &&
      html`<${Dialog} title=${`Sync ${app.name}`} onClose=${() => setDialog(undefined)}>
      <form method="dialog" onSubmit=${async (e: Event) => {
        e.preventDefault();
        try {
          const result = await api.sync(name, { prune: dialog.prune, dryRun: dialog.dryRun });
          if (dialog.dryRun) setDialog({ ...dialog, result: result as AppDiff });
          else {
            setDialog(undefined);
            setNotice('Sync queued');
          }
        } catch (err) {
          setDialog(undefined);
          fail(err);
        }
      }}>
        <label class="check"><input type="checkbox" checked=${dialog.prune} onChange=${(e: Event) => setDialog({ ...dialog, prune: (e.target as HTMLInputElement).checked })} /> Prune objects that left Git</label>
        <label class="check"><input type="checkbox" checked=${dialog.dryRun} onChange=${(e: Event) => setDialog({ ...dialog, dryRun: (e.target as HTMLInputElement).checked, result: undefined })} /> Dry run (change nothing, show what would change)</label>
        ${dialog.result && html`<${DiffView} diff=${dialog.result} />`}
        <div class="dialog-buttons">
          <button type="submit">${dialog.dryRun ? 'Run dry run' : 'Synchronize'}</button>
          <button type="button" class="secondary" onClick=${() => setDialog(undefined)}>Cancel</button>
        </div>
      </form>
    <//>`
    }
    ${
      dialog?.kind === 'rollback' &&
      html`<${Dialog} title=${`Roll back ${app.name} to ${shortSha(dialog.sync.revision.sha)}?`} onClose=${() => setDialog(undefined)}>
      <p>${firstLine(dialog.sync.revision.message)}. Automated sync is paused until you resume it. This is what changes:</p>
      ${dialog.error ? html`<p class="error">${dialog.error}</p>` : dialog.diff ? html`<${DiffView} diff=${dialog.diff} />` : html`<p>Loading the diff...</p>`}
      <div class="dialog-buttons">
        <button disabled=${!dialog.diff} onClick=${async () => {
          const sha = dialog.sync.revision.sha;
          setDialog(undefined);
          await act(`Rollback to ${shortSha(sha)} queued`, () => api.rollback(name, sha));
        }}>Confirm rollback</button>
        <button class="secondary" onClick=${() => setDialog(undefined)}>Cancel</button>
      </div>
    <//>`
    }
  </section>`;
}
