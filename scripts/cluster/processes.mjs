// Child processes of a local control plane: started with their output in log files, stopped with
// SIGTERM then SIGKILL, and never left behind: a synchronous cleanup runs when the parent exits or
// is interrupted, and a tiny shell watchdog kills them if the parent itself is killed with SIGKILL.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

/**
 * Starts `command` with stdout and stderr appended to `logFile`. With `ownGroup` it gets its own
 * process group, so a Ctrl-C in the terminal reaches only the parent, which then stops it in order.
 */
export function startProcess(name, command, args, { logFile, env = process.env, ownGroup = false }) {
  const fd = openSync(logFile, 'a');
  let child;
  try {
    child = spawn(command, args, { stdio: ['ignore', fd, fd], env, detached: ownGroup });
  } finally {
    closeSync(fd);
  }
  const proc = { name, child, logFile, exit: null };
  proc.exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      proc.exit = { code, signal };
      resolve(proc.exit);
    });
    child.once('error', (err) => {
      proc.exit = { code: null, signal: null, error: err };
      resolve(proc.exit);
    });
  });
  return proc;
}

/** The last `lines` lines of a log file, for error messages (the logs hold no secrets). */
export function tailLog(file, lines = 25) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** SIGTERM, then SIGKILL after `graceMs` for any process still running; resolves when all have exited. */
export async function stopProcesses(procs, graceMs = 3000) {
  await Promise.all(
    procs.map(async (proc) => {
      if (proc.exit) return;
      proc.child.kill('SIGTERM');
      const timer = setTimeout(() => {
        if (!proc.exit) proc.child.kill('SIGKILL');
      }, graceMs);
      await proc.exited;
      clearTimeout(timer);
    }),
  );
}

const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 };

/**
 * Guards against orphans while a cluster is up. `procs` is the live list of started processes
 * (it may grow); `paths` are removed on cleanup. With `signals`, SIGINT/SIGTERM kill the processes,
 * remove the paths and exit; without, the caller handles signals (and must call release()).
 */
export function guardAgainstOrphans({ procs, paths, pidFile, signals = true }) {
  const killAllSync = () => {
    for (const proc of procs) {
      if (!proc.exit && proc.child.pid) {
        try {
          process.kill(proc.child.pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
    }
    for (const p of paths) rmSync(p, { recursive: true, force: true });
  };
  const onExit = () => {
    killAllSync();
  };
  const onSignal = (signal) => {
    killAllSync();
    process.exit(SIGNAL_EXIT[signal] ?? 1);
  };
  process.on('exit', onExit);
  if (signals) for (const s of Object.keys(SIGNAL_EXIT)) process.on(s, onSignal);

  const quoted = (s) => `'${String(s).replaceAll("'", "'\\''")}'`;
  const script = [
    `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done`,
    `for p in $(cat ${quoted(pidFile)} 2>/dev/null); do kill -9 "$p" 2>/dev/null; done`,
    ...paths.map((p) => `rm -rf ${quoted(p)}`),
  ].join('\n');
  // In its own process group, so that killing the parent's group does not take the watchdog along.
  const watchdog = spawn('sh', ['-c', script], { stdio: 'ignore', detached: true });
  watchdog.unref();

  return {
    /** Records the pids the watchdog must kill should the parent die without cleaning up. */
    recordPids() {
      writeFileSync(
        pidFile,
        procs
          .map((p) => p.child.pid)
          .filter(Boolean)
          .join('\n') + '\n',
      );
    },
    release() {
      process.off('exit', onExit);
      if (signals) for (const s of Object.keys(SIGNAL_EXIT)) process.off(s, onSignal);
      try {
        watchdog.kill('SIGKILL');
      } catch {
        /* already gone */
      }
    },
  };
}
