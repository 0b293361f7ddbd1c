import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { RenderError } from '../../core/errors.js';
import type { FetchBound } from '../../core/project/check-fetch.js';
import { describeViolations } from '../../core/project/project-violation.js';
import { checkReadable, MAX_FILE_BYTES, readFileInside, resolveInside } from '../../fs/confined-fs.js';

import { KUSTOMIZATION_FILE_NAMES } from './kustomization-file-names.js';

/** How remote bases are handled: refused, or fetched into a local directory by the injected source. */
export interface RemotePolicy {
  allow: boolean;
  fetch?: (url: string) => Promise<string>;
  /** The app's project's bound: a remote base it refuses is never fetched (`ProjectViolation`). */
  bound?: FetchBound;
}

/** True for resource entries kustomize would treat as a remote (git or http) location. */
export function isRemoteLocation(p: string): boolean {
  return (
    /^[a-z][a-z0-9+.-]*:\/\//i.test(p) || /^git@/.test(p) || /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(p) || p.startsWith('git::')
  );
}

function isInside(dir: string, candidate: string): boolean {
  const rel = path.relative(dir, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Reads files for one kustomization directory. Every read stays inside the repository root
 * (`repoRoot`, symlinks included, via confined-fs) and, as kustomize's default load restrictor
 * requires, inside the kustomization's own directory.
 */
export class KustLoader {
  private constructor(
    /** Real path of the repository (or fetched remote) root. */
    readonly repoRoot: string,
    /** Real path of this kustomization's directory. */
    readonly root: string,
    readonly parent: KustLoader | undefined,
    readonly remote: RemotePolicy,
    readonly remoteUrl?: string,
  ) {}

  static async atRoot(repoRoot: string, relDir: string, remote: RemotePolicy): Promise<KustLoader> {
    const realRepo = await resolveInside(repoRoot, '.');
    const dir = await resolveInside(realRepo, relDir || '.');
    const info = await stat(dir);
    if (!info.isDirectory()) throw new RenderError(`${relDir}: not a directory`, { file: relDir });
    return new KustLoader(realRepo, dir, undefined, remote);
  }

  /** A path for messages: relative to the repository root (prefixed by the remote URL for remote bases). */
  display(p: string): string {
    const rel = path.relative(this.repoRoot, path.resolve(this.root, p)) || '.';
    return this.remoteUrl ? `${this.remoteUrl}//${rel}` : rel;
  }

  private async resolveFile(p: string): Promise<string> {
    if (path.isAbsolute(p)) throw new RenderError(`${p}: absolute paths are not allowed`, { file: p, code: 'UnsafePath' });
    const real = await resolveInside(this.repoRoot, p, this.root);
    if (!isInside(this.root, real)) {
      const shown = this.display(p);
      throw new RenderError(`${shown}: security; file is not in or below the kustomization directory '${this.display('.')}'`, {
        file: shown,
        code: 'UnsafePath',
      });
    }
    return real;
  }

  /** Reads a text file relative to this kustomization. */
  async load(p: string): Promise<{ text: string; file: string }> {
    if (isRemoteLocation(p)) throw new RenderError(`${p}: remote files are not supported`, { file: p, code: 'UnsafePath' });
    const real = await this.resolveFile(p);
    const { text } = await readFileInside(this.repoRoot, path.relative(this.repoRoot, real));
    return { text, file: this.display(p) };
  }

  /** Reads a file as bytes (generator sources may be binary), with the same limits as text reads. */
  async loadBytes(p: string): Promise<{ bytes: Buffer; file: string }> {
    const real = await this.resolveFile(p);
    const file = this.display(p);
    checkReadable(await stat(real), file, MAX_FILE_BYTES);
    return { bytes: await readFile(real), file };
  }

  /** True when `p` names an existing regular file (inside the repository). */
  async isFile(p: string): Promise<boolean> {
    try {
      const real = await resolveInside(this.repoRoot, p, this.root);
      return (await stat(real)).isFile();
    } catch {
      return false;
    }
  }

  /** Loader for a base or component directory (local, or remote when allowed). */
  async child(p: string, referrerFile: string): Promise<KustLoader> {
    if (p === '') throw new RenderError(`${referrerFile}: new root cannot be empty`, { file: referrerFile });
    if (isRemoteLocation(p)) return this.remoteChild(p, referrerFile);
    if (path.isAbsolute(p))
      throw new RenderError(`${referrerFile}: new root '${p}' cannot be absolute`, { file: referrerFile, code: 'UnsafePath' });
    const dir = await resolveInside(this.repoRoot, p, this.root);
    const info = await stat(dir);
    if (!info.isDirectory()) throw new RenderError(`${this.display(p)}: not a directory`, { file: this.display(p) });
    for (let l: KustLoader | undefined = this; l; l = l.parent) {
      if (l.repoRoot === this.repoRoot && isInside(dir, l.root)) {
        throw new RenderError(
          `${referrerFile}: cycle detected: candidate root '${this.display(p)}' contains visited root '${l.display('.')}'`,
          { file: referrerFile },
        );
      }
    }
    return new KustLoader(this.repoRoot, dir, this, this.remote, this.remoteUrl);
  }

  private async remoteChild(url: string, referrerFile: string): Promise<KustLoader> {
    const violations = this.remote.bound?.(url, referrerFile) ?? [];
    if (violations.length > 0)
      throw new RenderError(`remote base refused by the app's project: ${describeViolations(violations)}`, {
        file: referrerFile,
        code: 'ProjectViolation',
      });
    if (!this.remote.allow) {
      throw new RenderError(`${referrerFile}: remote base '${url}' refused: remote bases are not allowed for this application`, {
        file: referrerFile,
        code: 'UnsafePath',
      });
    }
    if (!this.remote.fetch) {
      throw new RenderError(`${referrerFile}: remote base '${url}' cannot be fetched: no remote source is configured`, {
        file: referrerFile,
      });
    }
    for (let l: KustLoader | undefined = this; l; l = l.parent) {
      if (l.remoteUrl?.startsWith(url)) {
        throw new RenderError(`${referrerFile}: cycle detected: URI '${url}' referenced by previous URI '${l.remoteUrl}'`, {
          file: referrerFile,
        });
      }
    }
    let dir: string;
    try {
      dir = await this.remote.fetch(url);
    } catch (cause) {
      const message = cause instanceof Error ? cause.message : String(cause);
      throw new RenderError(`${referrerFile}: fetching remote base '${url}' failed: ${message}`, { file: referrerFile, cause });
    }
    const real = await resolveInside(dir, '.');
    return new KustLoader(real, real, this, this.remote, url);
  }

  /** Finds the kustomization file of this directory; none or several is an error, as in kustomize. */
  async kustomizationFile(): Promise<string> {
    const found = await findKustomizationFileIn(this.root);
    if (found.length === 0) {
      const shown = this.display('.');
      throw new RenderError(
        `${shown}: unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '${shown}'`,
        { file: shown },
      );
    }
    if (found.length > 1) {
      const shown = this.display('.');
      throw new RenderError(`${shown}: found multiple kustomization files under: ${shown}`, { file: shown });
    }
    return found[0];
  }
}

/** The kustomization file names present (as regular files) in `dir`. */
export async function findKustomizationFileIn(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const name of KUSTOMIZATION_FILE_NAMES) {
    try {
      if ((await stat(path.join(dir, name))).isFile()) found.push(name);
    } catch {
      // absent
    }
  }
  // On case-insensitive file systems "Kustomization" and "kustomization.yaml" never collide, but
  // "kustomization.yaml" and "Kustomization.yaml" might; kustomize only knows these three names.
  return found;
}
