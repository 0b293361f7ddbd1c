/**
 * Helpers for the host target's tests (real temp dirs, real processes, real ports). Not a test file.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Manifest } from '../../core/model/manifest.js';
import { HOST_API_VERSION } from './host-kinds.js';

export interface TempDirs {
  root: string;
  hostRoot: string;
  stateDir: string;
  cleanup(): Promise<void>;
}

export async function tempDirs(): Promise<TempDirs> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'tideway-host-'));
  const hostRoot = path.join(root, 'host');
  const stateDir = path.join(root, 'state');
  const { mkdir } = await import('node:fs/promises');
  await mkdir(hostRoot);
  return { root, hostRoot, stateDir, cleanup: () => rm(root, { recursive: true, force: true }) };
}

export function file(name: string, spec: Record<string, unknown>): Manifest {
  return { apiVersion: HOST_API_VERSION, kind: 'File', metadata: { name }, spec };
}

export function service(name: string, spec: Record<string, unknown>): Manifest {
  return { apiVersion: HOST_API_VERSION, kind: 'Service', metadata: { name }, spec };
}

/**
 * A tiny HTTP server as a replica: answers with its pid, replica index and VERSION on PORT; the token
 * marks its command line so tests can count processes.
 */
export function httpServerScript(token: string): string {
  return `/*${token}*/ const http = require('http');
http.createServer((q, r) => r.end(JSON.stringify({ pid: process.pid, replica: process.env.TIDEWAY_REPLICA, version: process.env.VERSION })))
  .listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));`;
}

/** Two consecutive free ports on 127.0.0.1. */
export async function freePortPair(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20000 + Math.floor(Math.random() * 40000);
    if ((await portFree(base)) && (await portFree(base + 1))) return base;
  }
  throw new Error('no free port pair');
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export interface Answer {
  pid: number;
  replica: string;
  version?: string;
}

/** GET on a port (no keep-alive); undefined when nothing answers within `timeoutMs`. */
export function getAnswer(port: number, timeoutMs = 500): Promise<Answer | undefined> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/', agent: false, timeout: timeoutMs }, (res) => {
      let body = '';
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => {
        try {
          resolve(JSON.parse(body) as Answer);
        } catch {
          resolve(undefined);
        }
      });
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
    req.end();
  });
}

export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 10_000,
  everyMs = 10,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Pids of live processes whose command line contains `token`. */
export function processesWith(token: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(token) && alive(Number(entry))) pids.push(Number(entry));
    } catch {
      /* gone */
    }
  }
  return pids;
}

/** Kills (SIGKILL, whole group) whatever a failed test may have left. */
export function killAll(token: string): void {
  for (const pid of processesWith(token)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* not a group leader */
    }
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
}
