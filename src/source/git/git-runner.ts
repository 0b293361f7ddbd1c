import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { SourceError } from '../../core/errors.js';

export interface GitCommand {
  args: string[];
  env: Record<string, string>;
  timeoutMs: number;
  cwd?: string;
}

/** How a git process ended. Non-zero exits are data: the caller knows what they mean. */
export interface GitExit {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** The last 64 KiB of stderr. */
  stderr: string;
}

export interface GitProcess {
  child: ChildProcessWithoutNullStreams;
  exited: Promise<GitExit>;
}

export interface GitResult extends GitExit {
  stdout: Buffer;
}

const STDERR_LIMIT = 64 * 1024;
const DEFAULT_STDOUT_LIMIT = 256 * 1024 * 1024;

/**
 * Starts and bounds git processes. Each runs in its own process group, so a timeout (or `killAll`)
 * kills git and everything it started (ssh, git-remote-https, upload-pack). Never uses a shell.
 */
export class GitRunner {
  private readonly running = new Set<ChildProcessWithoutNullStreams>();

  constructor(private readonly binary = 'git') {}

  start(command: GitCommand): GitProcess {
    const child = spawn(this.binary, command.args, { cwd: command.cwd ?? '/', env: command.env, detached: true, stdio: 'pipe' });
    this.running.add(child);
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_LIMIT);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, command.timeoutMs);
    const exited = new Promise<GitExit>((resolve, reject) => {
      child.once('error', (cause) => {
        clearTimeout(timer);
        this.running.delete(child);
        reject(new SourceError('SourceUnavailable', `could not run ${this.binary}: ${(cause as Error).message}`, { cause }));
      });
      child.once('close', (exitCode, signal) => {
        clearTimeout(timer);
        this.running.delete(child);
        resolve({ exitCode, signal, timedOut, stderr });
      });
    });
    // Errors writing to stdin (EPIPE when git exits early) surface as the exit status instead.
    child.stdin.on('error', () => {});
    return { child, exited };
  }

  /** Runs git to completion, collecting stdout (bounded: over the limit the process is killed). */
  async run(command: GitCommand & { input?: string; maxStdoutBytes?: number }): Promise<GitResult> {
    const proc = this.start(command);
    const limit = command.maxStdoutBytes ?? DEFAULT_STDOUT_LIMIT;
    const chunks: Buffer[] = [];
    let size = 0;
    let overflow = false;
    proc.child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        overflow = true;
        killGroup(proc.child);
      } else chunks.push(chunk);
    });
    proc.child.stdin.end(command.input ?? '');
    const exit = await proc.exited;
    if (overflow) throw new SourceError('InputTooLarge', `git printed over ${limit} bytes of output`);
    return { ...exit, stdout: Buffer.concat(chunks) };
  }

  /** Kills every git process still running (used by `close()`). */
  killAll(): void {
    for (const child of this.running) killGroup(child);
  }
}

function killGroup(child: ChildProcessWithoutNullStreams): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}
