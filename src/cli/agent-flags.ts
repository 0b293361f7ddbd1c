import { TidewayError } from '../core/errors.js';
import { connectAgent, type AgentClient } from './agent-client.js';
import type { CommandIO } from './command-io.js';

/** Flags every command that asks the running agent accepts. */
export const agentFlags = {
  'data-dir': { type: 'string' },
  output: { type: 'string', short: 'o' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const agentFlagsHelp = `  --data-dir DIR   the agent's data dir (default .tideway, or TIDEWAY_DATA_DIR);
                   TIDEWAY_AGENT_URL and TIDEWAY_API_TOKEN override what it holds
  -o json          print the API's JSON instead of text`;

/** True for `-o json`; throws for any other output format. */
export function wantsJson(output: string | undefined): boolean {
  if (output === undefined) return false;
  if (output === 'json') return true;
  throw new TidewayError('InvalidApplication', `-o: unknown output format "${output}" (use -o json)`);
}

export function clientFor(values: { 'data-dir'?: string }): Promise<AgentClient> {
  return connectAgent({ dataDir: values['data-dir'] });
}

export function printJson(io: CommandIO, value: unknown): void {
  io.out(`${JSON.stringify(value, null, 2)}\n`);
}

/** A positive integer flag (`--limit`, `--steps`, `--id`), or undefined when not given. */
export function intFlag(name: string, text: string | undefined, max = 1000): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > max)
    throw new TidewayError('InvalidApplication', `--${name}: must be an integer from 1 to ${max}, got "${text}"`);
  return Number(text);
}

/** Prints a command's help: on stdout with exit 0 when asked for, on stderr with exit 2 when the call was wrong. */
export function usage(io: CommandIO, help: string, asked: boolean | undefined): number {
  if (asked) io.out(`${help}\n`);
  else io.err(`${help}\n`);
  return asked ? 0 : 2;
}
