import { TidewayError } from '../core/errors.js';
import { redactSecrets } from './redact.js';

type Command = (argv: string[]) => Promise<number>;

/** Commands are loaded lazily so `tideway render` does not pay for the agent or the Kubernetes client. */
const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  render: {
    summary: 'print the rendered manifests of an app (-f app.yaml) or a directory',
    load: async () => (await import('./commands/render.js')).render,
  },
  validate: {
    summary:
      'check manifests for CI with no cluster: YAML, duplicates, schemas, policies (tideway validate DIR | -f app.yaml [-o json|junit|sarif])',
    load: async () => (await import('./commands/validate.js')).validate,
  },
  diff: {
    summary: 'show what a sync would change (exit 0 in sync, 1 different, 2 error)',
    load: async () => (await import('./commands/diff.js')).diff,
  },
  up: {
    summary: 'GitOps without a cluster: create an example repo, run the agent, apply it to this machine (tideway up [--repo URL])',
    load: async () => (await import('./commands/up.js')).up,
  },
  agent: {
    summary: 'run the GitOps loop: tideway agent --apps DIR [--data-dir .tideway]',
    load: async () => (await import('./commands/agent.js')).agent,
  },
  sync: {
    summary:
      'apply an app now: tideway sync -f app.yaml [--dry-run] [--prune] [--force] [--wait --timeout 5m]; tideway sync APP asks the running agent',
    load: async () => (await import('./commands/sync.js')).sync,
  },
  status: {
    summary: "the running agent's apps: sync, health, revision, last sync (tideway status [APP])",
    load: async () => (await import('./commands/status.js')).status,
  },
  history: {
    summary: "an app's recorded syncs (tideway history APP [--limit N] [--id N])",
    load: async () => (await import('./commands/history.js')).history,
  },
  rollback: {
    summary: 'sync an earlier revision and pause automation (tideway rollback APP --to REV | --steps N)',
    load: async () => (await import('./commands/rollback.js')).rollback,
  },
  resume: {
    summary: 'resume automated sync after a rollback (tideway resume APP)',
    load: async () => (await import('./commands/resume.js')).resume,
  },
  health: {
    summary: 'the health of saved objects, as the agent judges it (tideway health -f FILE [--checks DIR] [-o json])',
    load: async () => (await import('./commands/health.js')).health,
  },
  token: {
    summary: "API tokens of the agent's users (tideway token create [--expires 30d] | list | revoke ID)",
    load: async () => (await import('./commands/token.js')).token,
  },
  user: {
    summary: 'local users: print a password hash for the auth config (tideway user hash-password < password)',
    load: async () => (await import('./commands/user.js')).user,
  },
  audit: {
    summary: "the running agent's audit log (tideway audit [--app APP] [--limit N])",
    load: async () => (await import('./commands/audit.js')).audit,
  },
  sops: {
    summary: 'SOPS files: tideway sops decrypt [--format F] --age-key-file FILE PATH; tideway sops encrypt --age RECIPIENT PATH',
    load: async () => (await import('./commands/sops.js')).sops,
  },
};

export const USAGE = `usage: tideway <command> [options]

commands:
${Object.entries(commands)
  .map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`)
  .join('\n')}

Run 'tideway <command> --help' for a command's options.`;

export async function main(argv: string[]): Promise<number> {
  endQuietlyWhenReaderCloses();
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`tideway: unknown command "${name}"\n${USAGE}\n`);
    return 2;
  }
  try {
    return await (await command.load())(rest);
  } catch (error) {
    process.stderr.write(`tideway ${name}: ${describeError(error)}\n`);
    if (process.env.TIDEWAY_DEBUG && error instanceof Error) process.stderr.write(`${redactSecrets(error.stack ?? '')}\n`);
    return 2;
  }
}

/**
 * A reader that goes away (`tideway render ... | head`) ends the command at once and quietly, with
 * the status of a process killed by SIGPIPE (141), as other command-line tools end; never with a
 * stack trace.
 */
function endQuietlyWhenReaderCloses(): void {
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.listenerCount('error') > 0) continue;
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(141);
      throw error;
    });
  }
}

/** One clear line: the error's message (with its code for Tideway errors), never a stack trace. */
export function describeError(error: unknown): string {
  if (error instanceof TidewayError) return redactSecrets(`${error.message} [${error.code}]`);
  if (error instanceof Error) return redactSecrets(error.message);
  return redactSecrets(String(error));
}
