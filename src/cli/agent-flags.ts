import { connectAgent, type AgentClient } from './agent-client.js';
import type { CommandIO } from './command-io.js';
import { type FlagSpec, outputFlag } from './command-spec.js';
import { UsageError } from './usage-error.js';

/** Flags every command that asks the running agent accepts. */
export const agentFlags = [
  {
    name: 'agent',
    type: 'string',
    value: 'URL',
    help: "the agent's API URL (else TIDEWAY_AGENT, the data dir's agent.json, or\n`agent:` in ~/.config/tideway/config.yaml)",
  },
  {
    name: 'data-dir',
    type: 'string',
    value: 'DIR',
    help: "the agent's data dir, for its agent.json and api-token (default .tideway,\nor TIDEWAY_DATA_DIR; TIDEWAY_API_TOKEN overrides the token)",
  },
  outputFlag,
] as const satisfies readonly FlagSpec[];

/** True for `-o json`; a UsageError for any other output format. */
export function wantsJson(output: string | undefined, command?: string): boolean {
  if (output === undefined) return false;
  if (output === 'json') return true;
  throw new UsageError(`-o: unknown output format ${JSON.stringify(output)} (use -o json)`, { command });
}

export function clientFor(values: { 'data-dir'?: string; agent?: string }): Promise<AgentClient> {
  return connectAgent({ dataDir: values['data-dir'], url: values.agent });
}

export function printJson(io: CommandIO, value: unknown): void {
  io.out(`${JSON.stringify(value, null, 2)}\n`);
}

/** A positive integer flag (`--limit`, `--steps`, `--id`), or undefined when not given. */
export function intFlag(name: string, text: string | undefined, max = 1000, command?: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > max)
    throw new UsageError(`--${name}: must be an integer from 1 to ${max}, got ${JSON.stringify(text)}`, { command });
  return Number(text);
}
