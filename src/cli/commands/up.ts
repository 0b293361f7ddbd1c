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
import { defineCommand } from '../command-spec.js';
import { printHelp } from '../format-help.js';
import { logFlags, logOptions } from '../log-flags.js';
import { parseCommand } from '../parse-command.js';
import { parseTimeout } from '../parse-flags.js';
import { onReaderGone, readerGone } from '../reader-gone.js';

export const upSpec = defineCommand({
  name: 'up',
  summary: 'GitOps without a cluster',
  usage: ['up [--repo URL [--path P]] [flags]'],
  description: `GitOps without a cluster, in one command. In the current directory, tideway up
  1. creates the Git repository tideway-example/ (unless it is there): a small HTTP service with
     2 replicas, the config file it reads, and an Application applying them to this machine;
  2. runs the agent (state in .tideway/, files and processes under tideway-host/, API on
     127.0.0.1:7780 or a free port), which polls the repository every 5 s and heals drift;
  3. prints where the service answers and things to try once it is Synced and Healthy;
  4. runs until Ctrl-C or SIGTERM (or until the reader of its output goes away), then stops the
     agent and the services it started.`,
  flags: [
    { name: 'repo', type: 'string', value: 'URL', help: 'apply this repository instead of the example: host.tideway.dev kinds only' },
    { name: 'path', type: 'string', value: 'P', help: "with --repo: the repository's folder to apply (default .)" },
    { name: 'port', type: 'string', value: 'N', help: "the agent's API port (default 7780, or a free one)" },
    { name: 'data-dir', type: 'string', value: 'DIR', help: "the agent's state (default .tideway, or TIDEWAY_DATA_DIR)" },
    { name: 'host-root', type: 'string', value: 'DIR', help: 'where files are written and services run (default tideway-host)' },
    {
      name: 'service-port',
      type: 'string',
      value: 'N',
      help: "the example's first replica port when creating it (default 8081, or the next free pair)",
    },
    { name: 'timeout', type: 'string', value: 'DURATION', help: 'how long to wait for Synced and Healthy (default 60s)' },
    { name: 'allow-root', type: 'boolean', help: 'run as root (the services run as root too); or set TIDEWAY_ALLOW_ROOT=1' },
    ...logFlags('warn', 'text'),
  ],
});

/** A whole number, NaN when the text is not one (resolveUpOptions then names the flag), undefined when absent. */
function portFlag(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  return /^\d+$/.test(text) ? Number(text) : Number.NaN;
}

export async function up(argv: string[], given: CommandIO = processIO, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  // Once a reader has gone away nothing more is written (it would fail again); stopping goes on.
  const io: CommandIO = { out: (t) => readerGone() || given.out(t), err: (t) => readerGone() || given.err(t), now: given.now };
  const { values } = parseCommand(upSpec, argv);
  if (values.help) return printHelp(io.out, upSpec);
  const log = createLogger(logOptions(values, 'up', { level: 'warn', format: 'text' }, env));
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
  // Ctrl-C of `npm start 2>&1 | tee up.log` kills tee too: stop as for the signal, writing nothing more.
  onReaderGone(() => onSignal('SIGPIPE'));
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
    onReaderGone(undefined);
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
