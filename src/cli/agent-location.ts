import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { TidewayError } from '../core/errors.js';

/** Where the agent keeps its state, unless `--data-dir` or TIDEWAY_DATA_DIR says otherwise. */
export const defaultDataDir = '.tideway';

export interface LocateOptions {
  dataDir?: string;
  url?: string;
  token?: string;
  /** Default: process.env (TIDEWAY_DATA_DIR, TIDEWAY_AGENT_URL, TIDEWAY_API_TOKEN). */
  env?: Record<string, string | undefined>;
}

export interface AgentLocation {
  dataDir: string;
  /** The API's base URL, without a trailing slash. */
  url: string;
  token: string;
}

/**
 * Finds the running agent: options first, then the environment, then the files the agent writes in
 * its data dir (`agent.json` = `{ url, pid }`, `api-token`). An `agent.json` whose pid has exited is
 * a stale file from a stopped agent: reported as no agent running.
 */
export async function locateAgent(options: LocateOptions = {}): Promise<AgentLocation> {
  const env = options.env ?? process.env;
  const dataDir = options.dataDir ?? nonEmpty(env.TIDEWAY_DATA_DIR) ?? defaultDataDir;
  const shown = `${dataDir.replace(/\/+$/, '')}/`;
  const noAgent = () => new TidewayError('AgentUnavailable', `no running agent found in ${shown} (start one with: tideway agent)`);

  let url = options.url ?? nonEmpty(env.TIDEWAY_AGENT_URL);
  if (url === undefined) {
    const text = await readText(path.join(dataDir, 'agent.json'));
    if (text === undefined) throw noAgent();
    const file = parseAgentFile(text, path.join(dataDir, 'agent.json'));
    if (!processAlive(file.pid)) throw noAgent();
    url = file.url;
  }
  const token = options.token ?? nonEmpty(env.TIDEWAY_API_TOKEN) ?? (await readText(path.join(dataDir, 'api-token')))?.trim();
  if (!token) {
    throw new TidewayError(
      'AgentUnavailable',
      `no API token: ${path.join(dataDir, 'api-token')} is missing or empty (set TIDEWAY_API_TOKEN or --data-dir)`,
    );
  }
  return { dataDir, url: checkUrl(url), token };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new TidewayError('AgentUnavailable', `cannot read ${file}: ${code ?? (error as Error).message}`, { cause: error });
  }
}

function parseAgentFile(text: string, file: string): { url: string; pid?: number } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new TidewayError('AgentUnavailable', `${file} is not valid JSON`);
  }
  const { url, pid } = (parsed ?? {}) as Record<string, unknown>;
  if (typeof url !== 'string') throw new TidewayError('AgentUnavailable', `${file}: url must be a string`);
  return { url, pid: typeof pid === 'number' && Number.isInteger(pid) && pid > 0 ? pid : undefined };
}

/** Signal 0 checks that a process exists; EPERM means it does but belongs to someone else. */
function processAlive(pid: number | undefined): boolean {
  if (pid === undefined) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function checkUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TidewayError('AgentUnavailable', `agent URL ${JSON.stringify(text.slice(0, 200))} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new TidewayError('AgentUnavailable', `agent URL must be http or https, got ${url.protocol}`);
  return url.href.replace(/\/+$/, '');
}
