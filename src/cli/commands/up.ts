import path from 'node:path';
import { createLogger } from '../../log/logger.js';
import {
  allowRootFromEnv,
  assertRootAllowed,
  cliInvocation,
  displayPath,
  EXAMPLE_CONFIG_HOST_PATH,
  EXAMPLE_CONFIG_MANIFEST,
  formatReady,
  hostLogsDir,
  resolveUpOptions,
  shellDirectory,
  startQuickstart,
  type Quickstart,
} from '../../quickstart/index.js';
import { shellQuote } from '../../text/shell-quote.js';
import { processIO, type CommandIO } from '../command-io.js';
import { parseFlags, parseTimeout } from '../parse-flags.js';

const HELP = `usage: tideway up [--repo URL [--path P]] [--port 7780] [--data-dir .tideway] [--host-root tideway-host]
                  [--service-port 8081] [--timeout 60s] [--allow-root] [--log-level warn]

GitOps without a cluster, in one command. In the current directory, tideway up
  1. creates the Git repository tideway-example/ (unless it is there): a small HTTP service with
     2 replicas, the config file it reads, and an Application applying them to this machine;
  2. runs the agent (state in .tideway/, files and processes under tideway-host/, API on
     127.0.0.1:7780 or a free port), which polls the repository every 5 s and heals drift;
  3. prints where the service answers and things to try once it is Synced and Healthy;
  4. runs until Ctrl-C or SIGTERM, then stops the agent and the services it started.

  --repo URL        apply this repository instead of the example (--path: its folder, default .)
  --service-port N  the example's first replica port when creating it (default 8081, or the next free pair)
  --timeout D       how long to wait for Synced and Healthy (default 60s)
  --allow-root      run as root (the services run as root too); or set TIDEWAY_ALLOW_ROOT=1`;

/** A whole number, NaN when the text is not one (resolveUpOptions then names the flag), undefined when absent. */
function portFlag(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  return /^\d+$/.test(text) ? Number(text) : Number.NaN;
}

export async function up(argv: string[], io: CommandIO = processIO, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { values, positionals } = parseFlags(argv, {
    repo: { type: 'string' },
    path: { type: 'string' },
    port: { type: 'string' },
    'data-dir': { type: 'string' },
    'host-root': { type: 'string' },
    'service-port': { type: 'string' },
    timeout: { type: 'string' },
    'allow-root': { type: 'boolean' },
    'log-level': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help || positionals.length > 0) {
    (values.help ? io.out : io.err)(`${HELP}\n`);
    return values.help ? 0 : 2;
  }
  const options = resolveUpOptions({
    cwd: process.cwd(),
    repo: values.repo,
    path: values.path,
    dataDir: values['data-dir'] ?? (env.TIDEWAY_DATA_DIR || undefined),
    hostRoot: values['host-root'],
    apiPort: portFlag(values.port),
    servicePort: portFlag(values['service-port']),
    allowRoot: values['allow-root'] || allowRootFromEnv(env),
    readyTimeoutMs: values.timeout === undefined ? undefined : parseTimeout(values.timeout, 60_000),
  });
  assertRootAllowed(options.allowRoot);
  if (options.allowRoot && process.getuid?.() === 0) io.err('warning: running as root (allowed): the services it starts run as root too\n');

  const log = createLogger({ level: values['log-level'] ?? 'warn' });
  const stamp = () => new Date().toTimeString().slice(0, 8);
  const print = (line: string) => io.out(`${stamp()} ${line}\n`);
  const stopRequested = new AbortController();
  let firstSignalAt: number | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (firstSignalAt === undefined) {
      firstSignalAt = Date.now();
      io.err(`${signal}: stopping Tideway and the services it started...\n`);
      stopRequested.abort();
    } else if (Date.now() - firstSignalAt > 1000) {
      // Within a second it is the same Ctrl-C delivered twice (terminal and npm both pass it on).
      io.err(`${signal} again: exiting now; services may be left running (the next tideway up adopts them)\n`);
      process.exit(1);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    let quickstart: Quickstart;
    try {
      quickstart = await startQuickstart(options, { log, print, signal: stopRequested.signal });
    } catch (error) {
      if (stopRequested.signal.aborted) return 0;
      throw error;
    }
    io.out(`\n${readyText(quickstart, options, env)}\n\n`);
    if (!stopRequested.signal.aborted)
      await new Promise((resolve) => stopRequested.signal.addEventListener('abort', resolve, { once: true }));
    await quickstart.stop();
    io.err('stopped\n');
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function readyText(q: Quickstart, options: ReturnType<typeof resolveUpOptions>, env: NodeJS.ProcessEnv): string {
  const shell = shellDirectory(env, options.cwd);
  const show = (p: string) => displayPath(p, shell);
  const defaultDataDir = path.resolve(shell, env.TIDEWAY_DATA_DIR || '.tideway');
  const revision = q.ready.status?.revision;
  const passwordFile = q.agent.initialPasswordFile();
  return formatReady({
    app: q.app.name,
    revision: revision && { sha: revision.sha, message: revision.message },
    seconds: process.uptime(),
    endpoints: q.endpoints,
    cli: cliInvocation(env, process.argv[1], shell),
    dataDirFlag: path.resolve(options.dataDir) === defaultDataDir ? '' : `--data-dir ${shellQuote(show(options.dataDir))}`,
    hostRoot: show(options.hostRoot),
    logsDir: show(hostLogsDir(options.dataDir)),
    example: q.example && {
      dir: show(q.example.dir),
      configManifest: EXAMPLE_CONFIG_MANIFEST,
      configFile: show(path.join(options.hostRoot, EXAMPLE_CONFIG_HOST_PATH)),
    },
    repo: options.repo,
    intervalSeconds: Math.round(q.app.source.intervalMs / 1000),
    dashboard: q.agent.url() ? { url: `${q.agent.url()}/`, passwordFile: passwordFile && show(passwordFile) } : undefined,
  });
}
