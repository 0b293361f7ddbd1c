import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { TidewayError } from '../../core/errors.js';
import type { SyncRecord } from '../../store/store.js';
import { agentFlags, agentFlagsHelp, clientFor, printJson, usage, wantsJson } from '../agent-flags.js';
import type { AgentClient } from '../agent-client.js';
import { processIO, type CommandIO } from '../command-io.js';
import { parseFlags, parseTimeout } from '../parse-flags.js';
import { formatEntry } from '../print-sync.js';
import { shortRevision } from '../print-apps.js';

const HELP = `usage: tideway sync APP [--wait] [--timeout 5m] [--data-dir DIR] [-o json]

Asks the running agent to sync APP now (to sync from a file without an agent: tideway sync -f app.yaml).
With --wait: waits for the agent's next finished sync of APP, prints what it did to each object and
exits 1 when it did not succeed.

${agentFlagsHelp}`;

/** `tideway sync APP` (an app name and no -f) goes to the running agent rather than syncing locally. */
export function isAgentSync(argv: string[]): boolean {
  const { values, positionals } = parseArgs({
    args: argv,
    strict: false,
    allowPositionals: true,
    options: {
      file: { type: 'string', short: 'f' },
      'data-dir': { type: 'string' },
      output: { type: 'string', short: 'o' },
      timeout: { type: 'string' },
      app: { type: 'string' },
      kubeconfig: { type: 'string' },
    },
  });
  return positionals.length > 0 && values.file === undefined;
}

export async function syncViaAgent(argv: string[], io: CommandIO = processIO, pollMs = 1000): Promise<number> {
  const { values, positionals } = parseFlags(argv, { ...agentFlags, wait: { type: 'boolean' }, timeout: { type: 'string' } });
  if (values.help || positionals.length !== 1) return usage(io, HELP, values.help);
  const [name] = positionals;
  const json = wantsJson(values.output);
  const timeoutMs = parseTimeout(values.timeout, 5 * 60_000);
  const client = await clientFor(values);
  const before = values.wait ? ((await client.history(name, 1))[0]?.id ?? 0) : 0;
  const queued = await client.sync(name);
  if (!values.wait) {
    if (json) printJson(io, queued);
    else io.out(`sync of ${name} queued (follow with: tideway history ${name})\n`);
    return 0;
  }
  const sync = await nextFinishedSync(client, name, before, timeoutMs, pollMs);
  if (json) printJson(io, sync);
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
  timeoutMs: number,
  pollMs: number,
): Promise<SyncRecord> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const done = (await client.history(name, 20)).filter((s) => s.id > afterId && s.result !== 'Running');
    if (done.length > 0) return done[done.length - 1];
    if (Date.now() + pollMs > deadline) {
      throw new TidewayError(
        'Timeout',
        `the sync of ${name} did not finish within ${Math.round(timeoutMs / 1000)}s (the agent carries on; follow with: tideway history ${name})`,
      );
    }
    await sleep(pollMs);
  }
}
