import path from 'node:path';
import { ValidationError } from '../../core/errors.js';
import type { GitCredential } from './credentials.js';
import { ALL_GIT_TRANSPORTS, type GitTransport } from './repo-location.js';

/** The logging surface used (pino's): structured fields first, message second. */
export interface GitSourceLogger {
  debug(fields: object, message?: string): void;
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
}

/** Reported after every fetch (for metrics). `repoURL` is redacted. */
export interface FetchReport {
  repoURL: string;
  durationMs: number;
  ok: boolean;
}

export interface GitSourceOptions {
  /** Holds `repos/<hash>` (bare mirrors), `checkouts/<sha>`, `tmp/` and an empty `home/`. */
  cacheDir: string;
  credentials?: GitCredential[];
  /** known_hosts used for SSH when a credential names none. Without any, SSH hosts are refused. */
  knownHostsFile?: string;
  /** Bound on one fetch (kills git and ssh when reached). Default 60 s. */
  timeoutMs?: number;
  /** Bound on local git work (materialising a checkout, lookups). Default 5 min. */
  localTimeoutMs?: number;
  /** Largest checkout (sum of file sizes) materialised. Default 1 GiB. */
  maxCheckoutBytes?: number;
  /**
   * Largest file whose bytes are ever read from git. Larger files are known by their size alone (the
   * tree lists it): a checkout writes them as sparse files of that size, mode 0000, and never reads
   * their blobs, so a renderer refuses them at once (fs/confined-fs.ts `checkReadable`); `readTree`
   * leaves an app holding one to a checkout. Default 8 MiB (the renderers' own limit on one file).
   */
  maxFileBytes?: number;
  /** Unheld checkouts kept on disk for reuse (also by later processes), least recently used removed first. Default 0. */
  keepCheckouts?: number;
  /** A mirror is repacked (`git gc`, loose objects into packs) after this many fetches (default 50; 0: never). */
  gcEveryFetches?: number;
  /**
   * Whether `readTree` serves apps from memory. Default true. A process that renders many apps of one
   * commit (the agent) does better with one shared checkout per commit than with git processes per
   * app (1,000 apps of one commit: 31 s against 73 s to sync them all), and sets false.
   */
  inMemoryTrees?: boolean;
  /** Largest app (sum of its file sizes) `readTree` holds in memory; a larger one is checked out. Default 64 MiB. */
  maxInMemoryTreeBytes?: number;
  /** Transports git may use. Default: https, http, ssh, file (file:// and local paths). */
  transports?: GitTransport[];
  /** The git executable. Default `git` from PATH. */
  gitBinary?: string;
  /** Local repositories inside these directories are refused (the cache directory always is): the agent's data directory. */
  refusedDirs?: string[];
  log?: GitSourceLogger;
  onFetch?: (report: FetchReport) => void;
}

export interface ResolvedGitSourceOptions {
  cacheDir: string;
  credentials: GitCredential[];
  knownHostsFile?: string;
  timeoutMs: number;
  localTimeoutMs: number;
  maxCheckoutBytes: number;
  maxFileBytes: number;
  keepCheckouts: number;
  gcEveryFetches: number;
  inMemoryTrees: boolean;
  maxInMemoryTreeBytes: number;
  transports: GitTransport[];
  gitBinary: string;
  refusedDirs: string[];
  log: GitSourceLogger;
  onFetch?: (report: FetchReport) => void;
}

const silent: GitSourceLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** Checks the options and fills in defaults; errors name the field (`credentials[1].tokenFile`). */
export function resolveGitSourceOptions(options: GitSourceOptions): ResolvedGitSourceOptions {
  if (typeof options.cacheDir !== 'string' || options.cacheDir === '') throw new ValidationError('cacheDir', 'is required');
  const positive = (
    field: 'timeoutMs' | 'localTimeoutMs' | 'maxCheckoutBytes' | 'maxFileBytes' | 'maxInMemoryTreeBytes',
    fallback: number,
  ): number => {
    const value = options[field] ?? fallback;
    if (!Number.isFinite(value) || value <= 0) throw new ValidationError(field, `must be a positive number (got ${value})`);
    return value;
  };
  const transports = options.transports ?? [...ALL_GIT_TRANSPORTS];
  transports.forEach((t, i) => {
    if (!ALL_GIT_TRANSPORTS.includes(t))
      throw new ValidationError(`transports[${i}]`, `must be one of ${ALL_GIT_TRANSPORTS.join(', ')} (got ${JSON.stringify(t)})`);
  });
  if (options.knownHostsFile !== undefined) checkSshPath('knownHostsFile', options.knownHostsFile);
  const credentials = (options.credentials ?? []).map((c, i) => checkCredential(c, `credentials[${i}]`));
  return {
    cacheDir: path.resolve(options.cacheDir),
    credentials,
    knownHostsFile: options.knownHostsFile,
    timeoutMs: positive('timeoutMs', 60_000),
    localTimeoutMs: positive('localTimeoutMs', 300_000),
    maxCheckoutBytes: positive('maxCheckoutBytes', 1024 ** 3),
    maxFileBytes: positive('maxFileBytes', 8 * 1024 * 1024),
    keepCheckouts: Math.max(0, Math.floor(options.keepCheckouts ?? 0)),
    gcEveryFetches: Math.max(0, Math.floor(options.gcEveryFetches ?? 50)),
    inMemoryTrees: options.inMemoryTrees ?? true,
    maxInMemoryTreeBytes: positive('maxInMemoryTreeBytes', 64 * 1024 * 1024),
    transports,
    gitBinary: options.gitBinary ?? 'git',
    refusedDirs: options.refusedDirs ?? [],
    log: options.log ?? silent,
    onFetch: options.onFetch,
  };
}

function checkCredential(credential: GitCredential, field: string): GitCredential {
  if (typeof credential.urlPrefix !== 'string' || credential.urlPrefix === '')
    throw new ValidationError(`${field}.urlPrefix`, 'is required');
  for (const kind of ['password', 'token'] as const) {
    const given = [kind, `${kind}File`, `${kind}Env`].filter((k) => credential[k as keyof GitCredential] !== undefined);
    if (given.length > 1) throw new ValidationError(`${field}.${given[1]}`, `give only one of ${kind}, ${kind}File, ${kind}Env`);
  }
  const hasPassword = credential.password !== undefined || credential.passwordFile !== undefined || credential.passwordEnv !== undefined;
  const hasToken = credential.token !== undefined || credential.tokenFile !== undefined || credential.tokenEnv !== undefined;
  if (hasPassword && hasToken) throw new ValidationError(`${field}.token`, 'give a password or a token, not both');
  if (credential.sshKeyFile !== undefined && credential.sshKeyEnv !== undefined)
    throw new ValidationError(`${field}.sshKeyEnv`, 'give only one of sshKeyFile, sshKeyEnv');
  if (credential.tokenScheme !== undefined && credential.tokenScheme !== 'basic' && credential.tokenScheme !== 'bearer') {
    throw new ValidationError(`${field}.tokenScheme`, `must be basic or bearer (got ${JSON.stringify(credential.tokenScheme)})`);
  }
  if (credential.knownHostsFile !== undefined) checkSshPath(`${field}.knownHostsFile`, credential.knownHostsFile);
  return { ...credential };
}

function checkSshPath(field: string, value: string): void {
  if (value === '' || /["\\\n]/.test(value)) throw new ValidationError(field, 'must be a path without quotes, backslashes or newlines');
}
