import type { AppView, InvalidAppFile } from '../agent/agent-control.js';
import type { CommitInfo } from '../store/store.js';
import { formatAge } from './format-age.js';
import { formatTable, truncate } from './format-table.js';

/** `c3d4e5f Scale web to 3 replicas`: a short SHA and the first line of the message. */
export function shortRevision(commit: Pick<CommitInfo, 'sha' | 'message'> | undefined, maxMessage = 40): string {
  if (!commit) return '-';
  const subject = commit.message?.split('\n')[0].trim();
  return subject ? `${commit.sha.slice(0, 7)} ${truncate(subject, maxMessage)}` : commit.sha.slice(0, 7);
}

/** `db (not Healthy (Progressing)), cache (no such application yet)`: what an app waits for. */
export function formatWaits(app: Pick<AppView, 'waitingFor'>): string {
  return (app.waitingFor ?? []).map((w) => `${w.namespace ? `${w.namespace}/` : ''}${w.name} (${w.reason})`).join(', ');
}

/**
 * NAME, SYNC, HEALTH, REVISION, LAST SYNC (result and age), and WAITING FOR when an app waits for its
 * dependencies (spec.dependsOn); a paused app shows it beside its sync status.
 */
export function formatAppsTable(apps: AppView[], now: Date): string {
  if (apps.length === 0) return 'no apps';
  const waits = apps.some((app) => app.waitingFor?.length);
  // Sharded replicas (agent --shards) say which replica owns each app; a single agent shows no column.
  const sharded = apps.some((a) => a.shard !== undefined);
  const rows = apps.map((app) => {
    const s = app.status;
    const last = s?.lastSync ? `${s.lastSync.result} ${formatAge(s.lastSync.finishedAt ?? s.lastSync.startedAt, now)}` : '-';
    const row = [
      app.name,
      `${s?.syncStatus ?? 'Unknown'}${s?.paused ? ' (paused)' : ''}`,
      s?.health.status ?? 'Unknown',
      shortRevision(s?.revision),
      last,
      ...(waits ? [app.waitingFor?.length ? app.waitingFor.map((w) => w.name).join(', ') : '-'] : []),
    ];
    return sharded ? [...row, ownerText(app)] : row;
  });
  const headers = ['NAME', 'SYNC', 'HEALTH', 'REVISION', 'LAST SYNC', ...(waits ? ['WAITING FOR'] : [])];
  return formatTable(sharded ? [...headers, 'OWNER (SHARD)'] : headers, rows);
}

/** The Application files the agent could not load, each error on its own line(s), indented. */
export function formatInvalidFiles(invalid: InvalidAppFile[]): string {
  const lines = [`Application files not loaded (${invalid.length}); their apps, if any, run as last loaded:`];
  for (const f of invalid) for (const line of f.error.split('\n')) lines.push(`  ${line.startsWith(f.file) ? line : `${f.file}: ${line}`}`);
  return lines.join('\n');
}

/** One app in full: source, destination, automation, paused flag, status, last sync and conditions. */
export function formatAppDetails(app: AppView, now: Date): string {
  const s = app.status;
  const d = app.destination;
  const where = [d.target, d.context && `context ${d.context}`, d.server && `server ${d.server}`, d.namespace && `namespace ${d.namespace}`]
    .filter(Boolean)
    .join(', ');
  const automation = app.automated
    ? `automated${[app.prune && 'prune', app.selfHeal && 'self-heal']
        .filter(Boolean)
        .map((x) => `, ${x}`)
        .join('')}`
    : 'manual';
  const lines: [string, string][] = [
    ['Name', app.name],
    ['Source', `${app.source.repoURL} @ ${app.source.targetRevision}, path ${app.source.path}`],
    ['Destination', where],
    ['Automation', automation],
    ['Paused', s?.paused ? `yes (resume with: tideway resume ${app.name})` : 'no'],
    ['Sync', s?.syncStatus ?? 'Unknown'],
    ['Health', s ? `${s.health.status}${s.health.message ? `: ${s.health.message}` : ''}` : 'Unknown'],
    ...(app.shard !== undefined ? [['Owner', ownerText(app)] as [string, string]] : []),
  ];
  if (s?.revision) {
    const by = [s.revision.author, s.revision.date && formatAge(s.revision.date, now)].filter(Boolean).join(', ');
    lines.push(['Revision', `${shortRevision(s.revision, 72)}${by ? ` (${by})` : ''}`]);
  }
  if (s?.lastSync) {
    const l = s.lastSync;
    lines.push([
      'Last sync',
      `#${l.id} ${l.result}, ${l.trigger}, ${formatAge(l.finishedAt ?? l.startedAt, now)}${l.message ? `: ${l.message}` : ''}`,
    ]);
  }
  if (app.waitingFor)
    lines.push(['Waiting for', app.waitingFor.length ? formatWaits(app) : 'nothing (its dependencies are Synced and Healthy)']);
  if (s) lines.push(['Updated', formatAge(s.updatedAt, now)]);
  const text = lines.map(([k, v]) => `${`${k}:`.padEnd(13)}${v}`);
  const conditions = s?.conditions ?? [];
  text.push(`${'Conditions:'.padEnd(13)}${conditions.length === 0 ? 'none' : ''}`.trimEnd());
  for (const c of conditions) text.push(`  ${c.type.padEnd(18)} ${c.message} (since ${formatAge(c.since, now)})`);
  return text.join('\n');
}

/** `replica-a (shard 1)`, or `none (shard 1)` while no replica holds the shard. */
function ownerText(app: AppView): string {
  return `${app.owner || 'none'} (shard ${app.shard})`;
}
