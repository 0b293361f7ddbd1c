/**
 * Runs `tideway up` as a real child process for the end-to-end test, and the helpers it needs: reading
 * what it prints, HTTP on the replica ports, and finding the greeter's processes under a host root.
 * Not a test file.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const TIDEWAY_BIN = path.join(REPO_ROOT, 'bin', 'tideway.js');

export interface UpProcess {
  child: ChildProcess;
  /** Everything printed so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves when stdout matches `pattern` (returns the match); rejects after `timeoutMs` or if the process exits. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code (or signal) once the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startUp(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): UpProcess {
  const child = spawn(process.execPath, [TIDEWAY_BIN, 'up', ...args], {
    cwd,
    env: { ...cleanEnv(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  child.stdout!.on('data', (chunk) => {
    out += chunk;
    for (const l of listeners) l();
  });
  child.stderr!.on('data', (chunk) => {
    err += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      resolve({ code, signal });
      for (const l of listeners) l();
    });
  });
  let done = false;
  void exited.then(() => {
    done = true;
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = out.match(pattern);
          if (m) {
            finish();
            resolve(m);
          } else if (done) {
            finish();
            reject(new Error(`tideway up exited before printing ${pattern}\nstdout:\n${out}\nstderr:\n${err}`));
          }
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`no ${pattern} within ${timeoutMs} ms\nstdout:\n${out}\nstderr:\n${err}`));
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
  };
}

/** Runs the CLI to completion (history, status) and returns its output. */
export function runCli(cwd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [TIDEWAY_BIN, ...args],
      { cwd, encoding: 'utf8', env: cleanEnv(), timeout: 30_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`tideway ${args.join(' ')} failed: ${stderr || error.message}`));
        else resolve(stdout);
      },
    );
  });
}

/** The test's environment without the variables that would point the CLI elsewhere, or allow root behind the test's back. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['TIDEWAY_DATA_DIR', 'TIDEWAY_AGENT_URL', 'TIDEWAY_API_TOKEN', 'TIDEWAY_ALLOW_ROOT', 'npm_lifecycle_event'])
    delete env[name];
  return env;
}

export function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Ada Tester',
      GIT_AUTHOR_EMAIL: 'ada@example.com',
      GIT_COMMITTER_NAME: 'Ada Tester',
      GIT_COMMITTER_EMAIL: 'ada@example.com',
    },
  });
}

export interface Greeting {
  text: string;
  replica: number;
  pid: number;
}

/** GET `url` (no keep-alive); the greeter's answer `<greeting> (replica N, pid P)`, or undefined when nothing answers. */
export function greet(url: string, timeoutMs = 500): Promise<Greeting | undefined> {
  return new Promise((resolve) => {
    const req = request(url, { agent: false, timeout: timeoutMs }, (res) => {
      let body = '';
      res.on('data', (c) => {
        body += c;
      });
      res.on('end', () => {
        const m = /^(.*) \(replica (\d+), pid (\d+)\)\n$/.exec(body);
        resolve(m ? { text: m[1], replica: Number(m[2]), pid: Number(m[3]) } : undefined);
      });
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
    req.end();
  });
}

/** Polls `check` until it returns a truthy value; throws naming `what` after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs: number,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as T;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Pids of live processes whose working directory is inside `root` (the greeter's replicas run in tideway-host/greeter). */
export function processesUnder(root: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cwd = readlinkSync(`/proc/${name}/cwd`);
      if (cwd !== root && !cwd.startsWith(`${root}/`)) continue;
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (/\) Z /.test(stat)) continue; // a zombie is dead
      pids.push(Number(name));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return pids.sort((a, b) => a - b);
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
