import { randomBytes } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SourceError } from '../../core/errors.js';
import type { RepoLocation } from './repo-location.js';
import { buildSshCommand } from './ssh-command.js';

/**
 * Credentials for the repositories whose URL starts with `urlPrefix` (the longest prefix wins).
 * Each secret comes from exactly one of: the value, a file (trailing newline trimmed) or an
 * environment variable; files and variables are read at every fetch, so rotation needs no restart.
 */
export interface GitCredential {
  urlPrefix: string;
  /** HTTPS basic auth user; with a token and no username, `x-access-token` is sent. */
  username?: string;
  password?: string;
  passwordFile?: string;
  passwordEnv?: string;
  token?: string;
  tokenFile?: string;
  tokenEnv?: string;
  /** `basic` (default): the token is the basic-auth password; `bearer`: `Authorization: Bearer <token>`. */
  tokenScheme?: 'basic' | 'bearer';
  /** SSH private key (file, or the key itself in an environment variable). */
  sshKeyFile?: string;
  sshKeyEnv?: string;
  /** known_hosts for SSH; default: the source's `knownHostsFile`. */
  knownHostsFile?: string;
}

/** What one git process needs to authenticate: config and variables for its environment. */
export interface GitAuth {
  config: Array<[string, string]>;
  env: Record<string, string>;
  /** Every secret value involved, for redacting whatever git prints. */
  secrets: string[];
  /** Whether credentials (a header or an SSH key) are offered at all. */
  sendsCredentials: boolean;
  dispose(): Promise<void>;
}

/** The credential with the longest `urlPrefix` matching the URL (as given to git, or normalised). */
export function findCredential(credentials: readonly GitCredential[], location: RepoLocation): GitCredential | undefined {
  const candidates = [location.fetchURL, location.normalized];
  let best: GitCredential | undefined;
  for (const credential of credentials) {
    if (!candidates.some((c) => c.startsWith(credential.urlPrefix))) continue;
    if (!best || credential.urlPrefix.length > best.urlPrefix.length) best = credential;
  }
  return best;
}

export interface AuthContext {
  /** Where a key held in an environment variable is written (mode 0600) for the duration of a fetch. */
  tmpDir: string;
  knownHostsFile?: string;
  connectTimeoutSeconds: number;
  env?: NodeJS.ProcessEnv;
}

/** Reads the secrets a fetch of `location` needs and turns them into git config and variables. */
export async function prepareAuth(location: RepoLocation, credential: GitCredential | undefined, context: AuthContext): Promise<GitAuth> {
  const env = context.env ?? process.env;
  const auth: GitAuth = { config: [], env: {}, secrets: [], sendsCredentials: false, dispose: async () => {} };
  if (location.transport === 'ssh') {
    let keyFile = credential?.sshKeyFile;
    if (credential?.sshKeyEnv) {
      const key = readEnv(env, credential.sshKeyEnv, location, 'sshKeyEnv');
      auth.secrets.push(key);
      keyFile = path.join(context.tmpDir, `ssh-key-${randomBytes(8).toString('hex')}`);
      await writeFile(keyFile, key.endsWith('\n') ? key : `${key}\n`, { mode: 0o600, flag: 'wx' });
      const written = keyFile;
      auth.dispose = () => rm(written, { force: true });
    }
    auth.sendsCredentials = keyFile !== undefined;
    auth.env.GIT_SSH_COMMAND = buildSshCommand({
      keyFile,
      knownHostsFile: credential?.knownHostsFile ?? context.knownHostsFile,
      connectTimeoutSeconds: context.connectTimeoutSeconds,
    });
    return auth;
  }
  auth.env.GIT_SSH_COMMAND = buildSshCommand({ connectTimeoutSeconds: context.connectTimeoutSeconds });
  if (location.transport !== 'https' && location.transport !== 'http') return auth;
  const token = await readSecret(credential, 'token', env, location);
  const password = await readSecret(credential, 'password', env, location);
  const username = credential?.username ?? location.userinfo?.username;
  let header: string | undefined;
  if (token !== undefined && credential?.tokenScheme === 'bearer') {
    header = `Bearer ${token}`;
    auth.secrets.push(token);
  } else if (token !== undefined || password !== undefined || location.userinfo?.password !== undefined) {
    const secret = token ?? password ?? location.userinfo!.password!;
    const basic = Buffer.from(`${username ?? (token !== undefined ? 'x-access-token' : '')}:${secret}`).toString('base64');
    header = `Basic ${basic}`;
    auth.secrets.push(secret, basic);
  }
  if (header) {
    auth.config.push(['http.extraHeader', `Authorization: ${header}`]);
    auth.sendsCredentials = true;
    auth.secrets.push(header);
  }
  return auth;
}

async function readSecret(
  credential: GitCredential | undefined,
  kind: 'token' | 'password',
  env: NodeJS.ProcessEnv,
  location: RepoLocation,
): Promise<string | undefined> {
  if (!credential) return undefined;
  const value = credential[kind];
  if (value !== undefined) return value;
  const file = credential[`${kind}File`];
  if (file !== undefined) {
    try {
      return (await readFile(file, 'utf8')).replace(/\r?\n$/, '');
    } catch (cause) {
      throw new SourceError(
        'SourceUnavailable',
        `credentials for ${location.display}: cannot read ${kind}File ${file} (${(cause as NodeJS.ErrnoException).code ?? 'error'})`,
        { repoURL: location.display },
      );
    }
  }
  const variable = credential[`${kind}Env`];
  return variable !== undefined ? readEnv(env, variable, location, `${kind}Env`) : undefined;
}

function readEnv(env: NodeJS.ProcessEnv, name: string, location: RepoLocation, field: string): string {
  const value = env[name];
  if (value === undefined || value === '') {
    throw new SourceError('SourceUnavailable', `credentials for ${location.display}: ${field} names ${name}, which is not set`, {
      repoURL: location.display,
    });
  }
  return value;
}
