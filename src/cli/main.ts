import { TidewayError } from '../core/errors.js';
import { TIDEWAY_VERSION } from '../version.js';
import { suggestion } from './did-you-mean.js';
import { installReaderGoneHandler } from './reader-gone.js';
import { redactSecrets } from './redact.js';
import { UsageError } from './usage-error.js';

type Command = (argv: string[]) => Promise<number>;

/**
 * Commands are loaded lazily so `tideway render` does not pay for the agent or the Kubernetes client.
 * Each command file holds its flag table (a CommandSpec), from which its --help is generated.
 */
const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  render: {
    summary: 'print the rendered manifests of an app (-f app.yaml) or a directory',
    load: async () => (await import('./commands/render.js')).render,
  },
  validate: {
    summary: 'check manifests for CI with no cluster: YAML, duplicates, schemas, policies (validate DIR | -f app.yaml)',
    load: async () => (await import('./commands/validate.js')).validate,
  },
  diff: {
    summary: 'show what a sync would change (exit 0 in sync, 1 different, 2 error)',
    load: async () => (await import('./commands/diff.js')).diff,
  },
  sync: {
    summary: 'apply an app now (sync -f app.yaml), or ask the running agent to (sync APP)',
    load: async () => (await import('./commands/sync.js')).sync,
  },
  health: {
    summary: 'the health of saved objects, as the agent judges it (health -f FILE)',
    load: async () => (await import('./commands/health.js')).health,
  },
  agent: {
    summary: 'run the GitOps loop (agent --apps DIR)',
    load: async () => (await import('./commands/agent.js')).agent,
  },
  up: {
    summary: 'GitOps without a cluster: an example repo, the agent, applied to this machine',
    load: async () => (await import('./commands/up.js')).up,
  },
  status: {
    summary: "the running agent's apps: sync, health, revision, last sync; invalid app files",
    load: async () => (await import('./commands/status.js')).status,
  },
  history: {
    summary: "an app's recorded syncs (history APP)",
    load: async () => (await import('./commands/history.js')).history,
  },
  rollback: {
    summary: 'sync an earlier revision and pause automation (rollback APP --to REV | --steps N)',
    load: async () => (await import('./commands/rollback.js')).rollback,
  },
  resume: {
    summary: 'resume automated sync after a rollback (resume APP)',
    load: async () => (await import('./commands/resume.js')).resume,
  },
  token: {
    summary: "API tokens of the agent's users (token create | list | revoke)",
    load: async () => (await import('./commands/token.js')).token,
  },
  user: {
    summary: 'local users: print a password hash for the auth config',
    load: async () => (await import('./commands/user.js')).user,
  },
  audit: {
    summary: "the running agent's audit log",
    load: async () => (await import('./commands/audit.js')).audit,
  },
  import: {
    summary: 'convert Argo CD and Flux apps into Tideway apps, reporting what is lost (import FILE|DIR|-)',
    load: async () => (await import('./commands/import.js')).importCommand,
  },
  sops: {
    summary: 'decrypt or encrypt SOPS files (sops decrypt | encrypt)',
    load: async () => (await import('./commands/sops.js')).sops,
  },
  version: {
    summary: "print Tideway's version (also: tideway --version)",
    load: async () => async () => {
      process.stdout.write(`tideway ${TIDEWAY_VERSION}\n`);
      return 0;
    },
  },
};

export const USAGE = `usage: tideway <command> [flags]

commands:
${Object.entries(commands)
  .map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`)
  .join('\n')}
  help       this list, or a command's flags (help COMMAND)

Run 'tideway help COMMAND' or 'tideway COMMAND --help' for a command's flags.`;

export async function main(argv: string[]): Promise<number> {
  installReaderGoneHandler();
  const json = wantsJsonErrors(argv);
  let [name, ...rest] = argv;
  if (name === 'help' && rest.length > 0 && rest[0] !== '--help' && rest[0] !== '-h') {
    [name, rest] = [rest[0], ['--help']];
  } else if (name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (name === '--version' || name === '-V') name = 'version';
  if (name === undefined && !json) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  try {
    if (name === undefined) throw new UsageError('no command given');
    const command = commands[name];
    if (!command) {
      const hint = name.startsWith('-') ? '' : suggestion(name, Object.keys(commands));
      throw new UsageError(`unknown ${name.startsWith('-') ? 'flag' : 'command'} ${JSON.stringify(name)}${hint}`);
    }
    return await (await command.load())(rest);
  } catch (error) {
    reportError(error, name, json);
    return 2;
  }
}

/** `-o json` (or --output json, -ojson, --output=json) anywhere before `--`: errors are then JSON too. */
function wantsJsonErrors(argv: string[]): boolean {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') return false;
    if ((a === '-o' || a === '--output') && argv[i + 1] === 'json') return true;
    if (a === '-ojson' || a === '--output=json') return true;
  }
  return false;
}

/**
 * One clear line on stderr, never a stack trace (TIDEWAY_DEBUG=1 adds it); a usage error points at
 * the help. With -o json: one line `{"error":{"code":"...","message":"..."}}` on stderr instead.
 */
function reportError(error: unknown, name: string | undefined, json: boolean): void {
  const command = commands[name ?? ''] ? name : undefined;
  if (json) {
    const code = error instanceof TidewayError ? error.code : 'Internal';
    const message = redactSecrets(error instanceof Error ? error.message : String(error));
    process.stderr.write(`${JSON.stringify({ error: { code, message } })}\n`);
    return;
  }
  process.stderr.write(`tideway${command ? ` ${command}` : ''}: ${describeError(error)}\n`);
  if (error instanceof UsageError)
    process.stderr.write(command ? `Run 'tideway ${command} --help' for its flags.\n` : "Run 'tideway help' for the list of commands.\n");
  if (process.env.TIDEWAY_DEBUG && error instanceof Error) process.stderr.write(`${redactSecrets(error.stack ?? '')}\n`);
}

/** One clear line: the error's message (with its code for Tideway errors), never a stack trace. */
export function describeError(error: unknown): string {
  if (error instanceof TidewayError) return redactSecrets(`${error.message} [${error.code}]`);
  if (error instanceof Error) return redactSecrets(error.message);
  return redactSecrets(String(error));
}
