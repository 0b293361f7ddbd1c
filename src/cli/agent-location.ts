import { readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { TidewayError } from '../core/errors.js';

/** Where the agent keeps its state, unless `--data-dir` or TIDEWAY_DATA_DIR says otherwise. */
export const defaultDataDir = '.tideway';

export interface LocateOptions {
  /** `--data-dir`. */
  dataDir?: string;
  /** `--agent URL`. */
  url?: string;
  token?: string;
  /** Default: process.env (TIDEWAY_AGENT, TIDEWAY_AGENT_URL, TIDEWAY_DATA_DIR, TIDEWAY_API_TOKEN, XDG_CONFIG_HOME). */
  env?: Record<string, string | undefined>;
  /** The user config file; default `$XDG_CONFIG_HOME/tideway/config.yaml`, else `~/.config/tideway/config.yaml`. */
  configFile?: string;
  /** The current user, whose files are trusted; default process.getuid(). */
  uid?: number;
}

export interface AgentLocation {
  dataDir: string;
  /** The API's base URL, without a trailing slash. */
  url: string;
  token: string;
  /** Where the URL came from, for messages: `--agent`, `TIDEWAY_AGENT`, a file's path. */
  from: string;
}

/** What `~/.config/tideway/config.yaml` may say. */
interface UserConfig {
  file: string;
  agent?: string;
  tokenFile?: string;
  dataDir?: string;
}

/** The user config file's path (it need not exist). */
export function userConfigPath(env: Record<string, string | undefined> = process.env): string {
  const base = nonEmpty(env.XDG_CONFIG_HOME) ?? path.join(nonEmpty(env.HOME) ?? os.homedir(), '.config');
  return path.join(base, 'tideway', 'config.yaml');
}

/**
 * Finds the running agent, first match wins:
 *   1. `--agent URL`, then TIDEWAY_AGENT (or TIDEWAY_AGENT_URL): configured explicitly;
 *   2. the data dir's `agent.json` (written by the agent: `{ url, pid }`): `--data-dir`, else
 *      TIDEWAY_DATA_DIR, else `./.tideway` when it holds one;
 *   3. the user config file: `agent: URL` (explicit), or `dataDir: DIR` (its agent.json).
 * The token: TIDEWAY_API_TOKEN, else the `api-token` file of the data dir in use, else the config's
 * `tokenFile`. An `agent.json` whose pid has exited is a stale file: reported as no agent running.
 *
 * Security: a URL read from an `agent.json` (which anyone could leave in a directory you `cd` into)
 * is used only when the file is owned by you and not writable by group or others, and only when it
 * is a loopback URL; a token goes elsewhere only to a URL you configured (flag, environment, config).
 */
export async function locateAgent(options: LocateOptions = {}): Promise<AgentLocation> {
  const env = options.env ?? process.env;
  const uid = options.uid ?? process.getuid?.();
  const configFile = options.configFile ?? userConfigPath(env);
  const givenDataDir = options.dataDir ?? nonEmpty(env.TIDEWAY_DATA_DIR);
  let config: UserConfig | undefined | null = null; // null: not read yet
  const userConfig = async () => (config === null ? (config = await readUserConfig(configFile, uid)) : config);

  let url: string | undefined;
  let from = '';
  let dataDir = givenDataDir ?? defaultDataDir;
  let explicit = true;
  let fromConfig = false;
  if (options.url !== undefined) [url, from] = [options.url, '--agent'];
  else if (nonEmpty(env.TIDEWAY_AGENT)) [url, from] = [nonEmpty(env.TIDEWAY_AGENT), 'TIDEWAY_AGENT'];
  else if (nonEmpty(env.TIDEWAY_AGENT_URL)) [url, from] = [nonEmpty(env.TIDEWAY_AGENT_URL), 'TIDEWAY_AGENT_URL'];
  else {
    const local = await readAgentFile(dataDir, uid);
    if (local) [url, from, explicit] = [local.url, local.file, false];
    else if (givenDataDir === undefined && (await userConfig())) {
      const c = (await userConfig())!;
      if (c.agent) [url, from, fromConfig] = [c.agent, `agent: in ${c.file}`, true];
      else if (c.dataDir) {
        const remote = await readAgentFile(expandHome(c.dataDir, env), uid);
        if (remote) [url, from, explicit, dataDir, fromConfig] = [remote.url, remote.file, false, expandHome(c.dataDir, env), true];
      }
    }
  }
  if (url === undefined) {
    const shown = `${dataDir.replace(/\/+$/, '')}/`;
    throw new TidewayError(
      'AgentUnavailable',
      `no running agent found in ${shown} (start one with: tideway agent; or name it: --agent URL, TIDEWAY_AGENT, or agent: in ${configFile})`,
    );
  }
  const checked = checkUrl(url, from);
  if (!explicit && !isLoopback(checked))
    throw new TidewayError(
      'AgentUnavailable',
      `${from} names ${checked}, which is not a loopback address: the API token is sent only to loopback URLs unless you name the agent yourself (--agent URL, TIDEWAY_AGENT, or agent: in ${configFile})`,
    );

  const tokenFile = path.join(dataDir, 'api-token');
  const configToken = async () => {
    const c = await userConfig();
    return c?.tokenFile ? (await readText(expandHome(c.tokenFile, env)))?.trim() || undefined : undefined;
  };
  let token = options.token ?? nonEmpty(env.TIDEWAY_API_TOKEN);
  // An agent named by the user config takes the config's token first; others their data dir's.
  if (!token && fromConfig) token = await configToken();
  token ||= (await readText(tokenFile))?.trim() || (fromConfig ? undefined : await configToken());
  if (!token) {
    throw new TidewayError(
      'AgentUnavailable',
      `no API token: ${tokenFile} is missing or empty (set TIDEWAY_API_TOKEN, --data-dir, or tokenFile: in ${configFile})`,
    );
  }
  return { dataDir, url: checked, token, from };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function expandHome(file: string, env: Record<string, string | undefined>): string {
  return file.startsWith('~/') ? path.join(nonEmpty(env.HOME) ?? os.homedir(), file.slice(2)) : file;
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

/**
 * A file that decides where the token goes must be yours and writable only by you: otherwise someone
 * else could point your CLI (and your token) at their server.
 */
async function assertTrusted(file: string, uid: number | undefined): Promise<void> {
  const info = await stat(file);
  if (uid !== undefined && info.uid !== uid)
    throw new TidewayError(
      'AgentUnavailable',
      `${file} is owned by uid ${info.uid}, not by you (uid ${uid}): not trusted to say where the agent is`,
    );
  if ((info.mode & 0o022) !== 0)
    throw new TidewayError(
      'AgentUnavailable',
      `${file} is writable by ${info.mode & 0o002 ? 'others' : 'its group'} (mode ${(info.mode & 0o777).toString(8)}): not trusted to say where the agent is (chmod go-w ${file})`,
    );
}

/** The data dir's agent.json: undefined when there is none or its agent has exited. */
async function readAgentFile(dataDir: string, uid: number | undefined): Promise<{ url: string; file: string } | undefined> {
  const file = path.join(dataDir, 'agent.json');
  const text = await readText(file);
  if (text === undefined) return undefined;
  await assertTrusted(file, uid);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new TidewayError('AgentUnavailable', `${file} is not valid JSON`);
  }
  const { url, pid } = (parsed ?? {}) as Record<string, unknown>;
  if (typeof url !== 'string') throw new TidewayError('AgentUnavailable', `${file}: url must be a string`);
  if (typeof pid === 'number' && Number.isInteger(pid) && pid > 0 && !processAlive(pid)) return undefined;
  return { url, file };
}

async function readUserConfig(file: string, uid: number | undefined): Promise<UserConfig | undefined> {
  const text = await readText(file);
  if (text === undefined) return undefined;
  await assertTrusted(file, uid);
  const { parse } = await import('yaml');
  let parsed: unknown;
  try {
    parsed = parse(text);
  } catch (error) {
    throw new TidewayError('AgentUnavailable', `${file}: invalid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (parsed === null || parsed === undefined) return { file };
  if (typeof parsed !== 'object' || Array.isArray(parsed))
    throw new TidewayError('AgentUnavailable', `${file}: must be a mapping (agent:, tokenFile:, dataDir:)`);
  const out: UserConfig = { file };
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (key !== 'agent' && key !== 'tokenFile' && key !== 'dataDir')
      throw new TidewayError('AgentUnavailable', `${file}: ${key}: unknown key (known: agent, tokenFile, dataDir)`);
    if (typeof value !== 'string' || value.trim() === '')
      throw new TidewayError('AgentUnavailable', `${file}: ${key}: must be a non-empty string`);
    out[key] = value.trim();
  }
  return out;
}

/** Signal 0 checks that a process exists; EPERM means it does but belongs to someone else. */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isLoopback(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function checkUrl(text: string, from: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TidewayError('AgentUnavailable', `agent URL ${JSON.stringify(text.slice(0, 200))} (${from}) is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new TidewayError('AgentUnavailable', `agent URL must be http or https, got ${url.protocol} (${from})`);
  if (url.username || url.password) throw new TidewayError('AgentUnavailable', `agent URL must not carry credentials (${from})`);
  return url.href.replace(/\/+$/, '');
}
