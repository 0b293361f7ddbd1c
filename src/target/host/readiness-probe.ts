import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { connect } from 'node:net';
import type { ProbeAction } from './host-kinds.js';
import { expandReplicaTemplate, resolvePort } from './replica-template.js';

export interface ProbeResult {
  ok: boolean;
  message?: string;
}

/**
 * Runs one readiness probe for replica `index`: an HTTP GET answered with 2xx/3xx, a TCP connection
 * accepted, or a command exiting 0, within `timeoutMs`. Ports and exec arguments may use replica templates.
 */
export function probeOnce(action: ProbeAction, index: number, timeoutMs: number, cwd: string): Promise<ProbeResult> {
  if (action.type === 'http') return probeHttp(action.host, resolvePort(action.port, index), action.path, timeoutMs);
  if (action.type === 'tcp') return probeTcp(action.host, resolvePort(action.port, index), timeoutMs);
  return probeExec(
    action.command.map((a) => expandReplicaTemplate(a, index)),
    index,
    timeoutMs,
    cwd,
  );
}

function probeHttp(host: string, port: number, path: string, timeoutMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const req = request({ host, port, path, method: 'GET', timeout: timeoutMs, agent: false }, (res) => {
      res.resume();
      const code = res.statusCode ?? 0;
      resolve(code >= 200 && code < 400 ? { ok: true } : { ok: false, message: `HTTP probe on port ${port} answered ${code}` });
    });
    req.on('timeout', () => req.destroy(new Error(`timed out after ${timeoutMs} ms`)));
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ ok: false, message: `HTTP probe on port ${port} failed: ${error.code ?? error.message}` }),
    );
    req.end();
  });
}

function probeTcp(host: string, port: number, timeoutMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ ok: false, message: `TCP probe on port ${port} timed out after ${timeoutMs} ms` });
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ ok: true });
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ ok: false, message: `TCP probe on port ${port} failed: ${error.code ?? error.message}` });
    });
  });
}

function probeExec(command: string[], index: number, timeoutMs: number, cwd: string): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const child = spawn(command[0], command.slice(1), {
      cwd,
      stdio: 'ignore',
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', TIDEWAY_REPLICA: String(index) },
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve({ ok: false, message: `exec probe timed out after ${timeoutMs} ms` });
    }, timeoutMs);
    child.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ ok: false, message: `exec probe failed: ${error.code ?? error.message}` });
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(code === 0 ? { ok: true } : { ok: false, message: `exec probe exited with ${signal ?? `code ${code}`}` });
    });
  });
}
