import { setTimeout as sleep } from 'node:timers/promises';
import { TidewayError } from '../../core/errors.js';
import type { SyncRecord } from '../../store/store.js';
import { clientFor, printJson } from '../agent-flags.js';
import type { AgentClient } from '../agent-client.js';
import type { CommandIO } from '../command-io.js';
import { formatSeconds, formatEntry } from '../print-sync.js';
import { shortRevision } from '../print-apps.js';

export interface AgentSyncOptions {
  wait: boolean;
  timeoutMs: number;
  json: boolean;
  agent?: string;
  dataDir?: string;
  pollMs?: number;
  /** How often a progress line is printed on stderr while waiting (default 5 s). */
  progressMs?: number;
}

/**
 * `tideway sync APP`: asks the running agent to sync APP now. With `wait`, waits for the agent's next
 * finished sync of APP (printing, every few seconds on stderr, the app's health and the time left),
 * prints what it did to each object and exits 1 when it did not succeed.
 */
export async function syncViaAgent(name: string, options: AgentSyncOptions, io: CommandIO): Promise<number> {
  const client = await clientFor({ agent: options.agent, 'data-dir': options.dataDir });
  const before = options.wait ? ((await client.history(name, 1))[0]?.id ?? 0) : 0;
  const queued = await client.sync(name);
  if (!options.wait) {
    if (options.json) printJson(io, queued);
    else io.out(`sync of ${name} queued (follow with: tideway history ${name})\n`);
    return 0;
  }
  const sync = await nextFinishedSync(client, name, before, options, options.json ? () => {} : (line) => io.err(`${line}\n`));
  if (options.json) printJson(io, sync);
  else {
    for (const entry of sync.entries) io.out(`${formatEntry(entry)}\n`);
    io.out(
      `${name} @ ${shortRevision(sync.revision)}: ${sync.result} (sync ${sync.id}, ${sync.trigger})${sync.message ? `\n  ${sync.message}` : ''}\n`,
    );
  }
  return sync.result === 'Succeeded' ? 0 : 1;
}

/** The oldest sync of `name` newer than `afterId` that has finished. */
async function nextFinishedSync(
  client: AgentClient,
  name: string,
  afterId: number,
  options: AgentSyncOptions,
  progress: (line: string) => void,
): Promise<SyncRecord> {
  const pollMs = options.pollMs ?? 1000;
  const progressMs = options.progressMs ?? 5000;
  const started = Date.now();
  const deadline = started + options.timeoutMs;
  let lastProgress = started;
  for (;;) {
    const newer = (await client.history(name, 20)).filter((s) => s.id > afterId);
    const done = newer.filter((s) => s.result !== 'Running');
    if (done.length > 0) return done[done.length - 1];
    if (Date.now() + pollMs > deadline) {
      throw new TidewayError(
        'Timeout',
        `the sync of ${name} did not finish within ${Math.round(options.timeoutMs / 1000)}s (the agent carries on; follow with: tideway history ${name})`,
      );
    }
    if (Date.now() - lastProgress >= progressMs) {
      lastProgress = Date.now();
      const health = (await client.getApp(name)).status?.health;
      const state = newer.length > 0 ? `sync ${newer[newer.length - 1].id} running` : 'queued';
      progress(
        `waiting for the agent's sync of ${name}: ${state}, health ${health?.status ?? 'Unknown'}${health?.message ? ` (${health.message})` : ''}; ${formatSeconds(deadline - Date.now())} left`,
      );
    }
    await sleep(pollMs);
  }
}
