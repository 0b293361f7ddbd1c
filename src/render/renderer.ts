import type { RenderedObject } from '../core/model/manifest.js';
import type { ParseCache } from './parse-cache.js';

/** Options of plain-directory rendering, as in an Application's `spec.source.directory`. */
export interface DirectoryOptions {
  recurse?: boolean;
  /** Glob (or `{a,b}` list) of files to include, relative to the path; default: all .yaml/.yml/.json. */
  include?: string;
  /** Glob of files to exclude, relative to the path. */
  exclude?: string;
}

export interface RenderInput {
  /** Absolute path of the checkout root. Nothing outside it may be read (symlinks included). */
  root: string;
  /** Path of the directory to render, relative to `root` ("" or "." for the root). */
  path: string;
  directory?: DirectoryOptions;
  /** Remote bases in kustomizations are refused unless this is true. */
  allowRemoteBases?: boolean;
  /** Parsed files by content, from earlier renders: only changed files are parsed again. */
  parseCache?: ParseCache;
}

/**
 * Turns a directory of a checkout into objects. Throws RenderError (naming the file and line) when
 * anything is wrong: a render error must never lead to a partial result, since that would prune.
 */
export interface Renderer {
  render(input: RenderInput): Promise<RenderedObject[]>;
}
