import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { SourceError } from '../../core/errors.js';
import { findCredential, prepareAuth } from './credentials.js';
import { gitEnvironment } from './git-env.js';
import type { GitRunner } from './git-runner.js';
import type { ResolvedGitSourceOptions } from './git-source-options.js';
import type { KeyedLock } from '../../concurrency/keyed-lock.js';
import { redactText } from '../../core/redact/redact.js';
import type { RepoLocation } from './repo-location.js';
import { REMOTE_HEAD_REF } from './revision-name.js';
import { singleFlight } from './single-flight.js';

/** What a mirror needs from the source that owns it. */
export interface MirrorContext {
  options: ResolvedGitSourceOptions;
  runner: GitRunner;
  locks: KeyedLock;
  reposDir: string;
  tmpDir: string;
  homeDir: string;
}

/** A raw git object: the name asked for, its SHA and type, and its bytes as stored. */
export interface GitObject {
  name: string;
  sha: string;
  type: string;
  raw: Buffer;
}

/** A commit found in the mirror: its full SHA and raw object text. */
export interface FoundCommit {
  sha: string;
  raw: string;
}

const REFSPECS = ['+refs/heads/*:refs/heads/*', '+refs/tags/*:refs/tags/*'];

/**
 * One bare mirror of one repository, at `<cacheDir>/repos/<hash of normalised URL>`, shared by every
 * app using that repository. Fetches move only what changed (branches and tags, pruned) and are
 * single-flight; writes to the mirror are serialised by a per-repository lock.
 */
export class Mirror {
  readonly dir: string;
  /**
   * Why the last fetch failed, until one succeeds: a revision looked up meanwhile without fetching
   * is reported with this cause (a repository that does not exist), never as "revision not found".
   */
  lastFetchError: SourceError | undefined;
  /** Fetches (single-flight); `onStarted` hears when the shared fetch's git process is running. */
  readonly fetch: (onStarted?: () => void) => Promise<void>;

  constructor(
    readonly location: RepoLocation,
    private readonly context: MirrorContext,
  ) {
    this.dir = path.join(context.reposDir, location.key);
    this.fetch = singleFlight((started) => context.locks.run(`repo:${location.key}`, () => this.fetchNow(started)));
  }

  /** Successful fetches since the last `git gc` (gc.auto is off: fetches leave loose objects). */
  private fetchesSinceGc = 0;

  exists(): boolean {
    return existsSync(path.join(this.dir, 'HEAD'));
  }

  /**
   * Every `gcEveryFetches` successful fetches, `git gc` packs the loose objects the fetches left
   * (gc.auto=0 keeps git from doing it at its own time, inside a fetch). Runs under the mirror's
   * lock, like the fetch; unreachable objects are pruned only after git's default two weeks, so a
   * revision being read stays readable. A failure is logged, never fails the fetch.
   */
  private async maybeGc(): Promise<void> {
    const every = this.context.options.gcEveryFetches;
    if (every <= 0 || ++this.fetchesSinceGc < every) return;
    this.fetchesSinceGc = 0;
    const result = await this.context.runner.run({
      args: ['--git-dir', this.dir, 'gc', '--quiet'],
      env: this.localEnv(),
      timeoutMs: Math.max(this.context.options.localTimeoutMs, 120_000),
    });
    if (result.exitCode !== 0 || result.timedOut)
      this.context.options.log.warn(
        { repo: this.location.display, stderr: result.stderr.toString().slice(0, 500) },
        'git gc of a mirror failed',
      );
  }

  /** Environment for local commands on the mirror (no credentials). */
  localEnv(): Record<string, string> {
    return gitEnvironment({ home: this.context.homeDir, transports: this.context.options.transports });
  }

  /** Runs a local git command on the mirror; throws SourceUnavailable on failure. */
  async git(args: string[], input?: string): Promise<Buffer> {
    const result = await this.context.runner.run({
      args: ['--git-dir', this.dir, ...args],
      env: this.localEnv(),
      timeoutMs: this.context.options.localTimeoutMs,
      input,
    });
    if (result.exitCode !== 0) {
      throw new SourceError(
        'SourceUnavailable',
        `git ${args[0]} in the mirror of ${this.location.display} failed: ${summarise(result.stderr, [])}`,
        { repoURL: this.location.display },
      );
    }
    return result.stdout;
  }

  /** The first of `candidates` (object names such as `refs/tags/v1^{commit}`) that names a commit. */
  async findCommit(candidates: string[]): Promise<FoundCommit | undefined> {
    if (!this.exists()) return undefined;
    const out = await this.git(['cat-file', '--batch'], candidates.map((c) => `${c}\n`).join(''));
    let at = 0;
    while (at < out.length) {
      const eol = out.indexOf(0x0a, at);
      if (eol === -1) break;
      const header = out.subarray(at, eol).toString('utf8').split(' ');
      at = eol + 1;
      if (header.length !== 3) continue; // "<name> missing" or "<name> ambiguous"
      const size = Number(header[2]);
      const body = out.subarray(at, at + size).toString('utf8');
      at += size + 1;
      if (header[1] === 'commit') return { sha: header[0], raw: body };
    }
    return undefined;
  }

  /** Raw objects by name (`refs/tags/v1`, a SHA), bytes as stored, with their type; undefined when missing. */
  async readObjects(names: string[], maxBytes = 16 * 1024 * 1024): Promise<Array<GitObject | undefined>> {
    if (!this.exists() || names.length === 0) return names.map(() => undefined);
    const out = await this.git(['cat-file', '--batch'], names.map((n) => `${n}\n`).join(''));
    const objects: Array<GitObject | undefined> = [];
    let at = 0;
    for (const name of names) {
      const eol = out.indexOf(0x0a, at);
      if (eol === -1) break;
      const header = out.subarray(at, eol).toString('utf8').split(' ');
      at = eol + 1;
      if (header.length !== 3) {
        objects.push(undefined);
        continue;
      }
      const size = Number(header[2]);
      if (size > maxBytes) throw new SourceError('InputTooLarge', `object ${name} in ${this.location.display} is over ${maxBytes} bytes`);
      objects.push({ name, sha: header[0], type: header[1], raw: Buffer.from(out.subarray(at, at + size)) });
      at += size + 1;
    }
    while (objects.length < names.length) objects.push(undefined);
    return objects;
  }

  private async ensureInitialised(): Promise<void> {
    if (this.exists()) return;
    await mkdir(this.context.reposDir, { recursive: true });
    const tmp = path.join(this.context.tmpDir, `mirror-${this.location.key}-${randomBytes(4).toString('hex')}`);
    const result = await this.context.runner.run({
      // --shared=0600: every file git writes in the mirror is the agent user's only, whatever the umask.
      args: ['init', '--bare', '--quiet', '--shared=0600', tmp],
      env: this.localEnv(),
      timeoutMs: this.context.options.localTimeoutMs,
    });
    if (result.exitCode !== 0)
      throw new SourceError('SourceUnavailable', `cannot create a mirror for ${this.location.display}: ${summarise(result.stderr, [])}`, {
        repoURL: this.location.display,
      });
    await rm(this.dir, { recursive: true, force: true });
    await rename(tmp, this.dir);
  }

  private async fetchNow(started: () => void): Promise<void> {
    const { options, runner } = this.context;
    const display = this.location.display;
    await this.ensureInitialised();
    const auth = await prepareAuth(this.location, findCredential(options.credentials, this.location), {
      tmpDir: this.context.tmpDir,
      knownHostsFile: options.knownHostsFile,
      connectTimeoutSeconds: options.timeoutMs / 1000,
    });
    const env = gitEnvironment({ home: this.context.homeDir, transports: options.transports, config: auth.config, env: auth.env });
    const fetchArgs = (withHead: boolean) => [
      '--git-dir',
      this.dir,
      'fetch',
      '--quiet',
      '--prune',
      '--no-tags',
      '--no-recurse-submodules',
      '--no-write-fetch-head',
      '--no-auto-maintenance',
      '--end-of-options',
      this.location.fetchURL,
      ...REFSPECS,
      ...(withHead ? [`+HEAD:${REMOTE_HEAD_REF}`] : []),
    ];
    options.log.debug({ repoURL: display }, 'git fetch started');
    const begin = Date.now();
    let ok = false;
    let failure: string | undefined;
    try {
      const first = runner.run({ args: fetchArgs(true), env, timeoutMs: options.timeoutMs });
      started(); // git is running (spawned synchronously above): waiting callers may use the time
      let result = await first;
      if (!result.timedOut && result.exitCode !== 0 && /couldn't find remote ref HEAD/i.test(result.stderr)) {
        // The remote's HEAD points at no branch (or the repository is empty): fetch without it.
        result = await runner.run({ args: fetchArgs(false), env, timeoutMs: Math.max(1, options.timeoutMs - (Date.now() - begin)) });
        if (result.exitCode === 0) await this.git(['update-ref', '-d', REMOTE_HEAD_REF]);
      }
      if (result.timedOut) {
        throw new SourceError('SourceUnavailable', `git fetch from ${display} timed out after ${options.timeoutMs} ms`, {
          repoURL: display,
        });
      }
      if (result.exitCode !== 0) throw fetchFailure(display, result.stderr, auth);
      ok = true;
      this.lastFetchError = undefined;
      await this.maybeGc();
    } catch (error) {
      failure = (error as Error).message;
      if (error instanceof SourceError) this.lastFetchError = error;
      throw error;
    } finally {
      await auth.dispose();
      const durationMs = Date.now() - begin;
      if (ok) options.log.info({ repoURL: display, durationMs }, 'git fetch finished');
      else options.log.warn({ repoURL: display, durationMs, error: failure }, 'git fetch failed');
      try {
        options.onFetch?.({ repoURL: display, durationMs, ok });
      } catch (error) {
        options.log.warn({ repoURL: display, error: redactText(String(error), auth.secrets) }, 'onFetch hook threw');
      }
    }
  }
}

const BOILERPLATE = [
  /^fatal: Could not read from remote repository\.$/,
  /^Please make sure you have the correct access rights$/,
  /^and the repository exists\.$/,
];

/** The last few lines git printed, redacted, for an error message. */
export function summarise(stderr: string, secrets: string[]): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('hint:'));
  // git closes every transport failure with the same three lines; the cause (from ssh, curl) comes before.
  const specific = lines.filter((l) => !BOILERPLATE.some((b) => b.test(l)));
  const text = (specific.length > 0 ? specific : lines).slice(-3).join(' / ') || 'no message';
  return redactText(text.length > 600 ? `${text.slice(0, 600)}...` : text, secrets);
}

/** git's words for a repository that is not there (local path, file://, https and ssh hosts). */
const NO_REPOSITORY = [
  /does not appear to be a git repository/i,
  /repository '.*' not found/i,
  /^(remote: |ERROR: )?Repository not found/im,
  /The requested URL returned error: 404/i,
];
/** git's (and curl's, ssh's) words for a server it could not talk to. */
const UNREACHABLE = [
  /Could not resolve host/i,
  /Connection refused/i,
  /Failed to connect/i,
  /Connection timed out/i,
  /No route to host/i,
  /Network is unreachable/i,
  /Could not resolve hostname/i,
  /Connection reset/i,
  /Couldn't connect/i,
  /SSL certificate problem/i,
];

/**
 * A failed fetch, classified: the repository does not exist (or is not a git repository), the
 * server cannot be reached, authentication failed, or something else git said. Each says which.
 */
function fetchFailure(display: string, stderr: string, auth: { sendsCredentials: boolean; secrets: string[] }): SourceError {
  const said = summarise(stderr, auth.secrets);
  const hint = authHint(stderr, auth.sendsCredentials);
  if (hint) return new SourceError('SourceUnavailable', `git fetch from ${display} failed: ${hint}: ${said}`, { repoURL: display });
  if (NO_REPOSITORY.some((r) => r.test(stderr)))
    return new SourceError('RepositoryNotFound', `repository ${display} does not exist or is not a git repository (git: ${said})`, {
      repoURL: display,
    });
  if (UNREACHABLE.some((r) => r.test(stderr)))
    return new SourceError('SourceUnavailable', `cannot reach the repository ${display} (git: ${said})`, { repoURL: display });
  return new SourceError('SourceUnavailable', `git fetch from ${display} failed: ${said}`, { repoURL: display });
}

/** A plain explanation when git's message is about authentication (its wording talks about prompts). */
function authHint(stderr: string, sentCredentials: boolean): string | undefined {
  if (!/could not read (Username|Password)|Authentication failed|HTTP 40[13]|Permission denied \(publickey/i.test(stderr)) return undefined;
  return sentCredentials
    ? 'authentication failed (the server refused the configured credentials)'
    : 'authentication required (no credentials are configured for this URL)';
}
