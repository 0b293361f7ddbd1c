import type { RenderedObject } from '../core/model/manifest.js';
import type { DirectoryOptions } from '../core/application/directory-options.js';
import type { SourceTree } from '../core/model/source-tree.js';
import type { FetchBound } from '../core/project/check-fetch.js';
import type { ParseCache } from './parse-cache.js';

export interface RenderInput {
  /** Absolute path of the checkout root. Nothing outside it may be read (symlinks included). */
  root: string;
  /** Path of the directory to render, relative to `root` ("" or "." for the root). */
  path: string;
  directory?: DirectoryOptions;
  /** Remote bases in kustomizations are refused unless this is true. */
  allowRemoteBases?: boolean;
  /**
   * The app's project's bound on what the render fetches by itself (a remote base): a fetch it
   * refuses fails the render with `ProjectViolation` before anything is fetched. Absent: no bound.
   */
  fetchBound?: FetchBound;
  /**
   * A plain directory whose every file was skipped (not a manifest, left out by the globs, in a
   * subdirectory without recurse) is an `EmptyRender` error unless this is true (`allowEmpty`).
   */
  allowEmpty?: boolean;
  /** Parsed files by content, from earlier renders: only changed files are parsed again. */
  parseCache?: ParseCache;
  /** Called for each warning (a deprecated field): the render goes on. */
  onWarning?: (warning: RenderWarning) => void;
}

/** Something a render met that the user should know of but that does not fail it (a deprecated kustomization field). */
export interface RenderWarning {
  /** The file concerned, relative to the root. */
  file: string;
  /** The text, worded as the tool that defines it words it (kustomize: "# Warning: 'vars' is deprecated. ..."). */
  message: string;
}

/** What `Renderer.renderTree` reads instead of a checkout: the commit's files under `path`, in memory. */
export interface TreeRenderInput extends Omit<RenderInput, 'root'> {
  tree: SourceTree;
}

/**
 * Turns a directory of a checkout into objects. Throws RenderError (naming the file and line) when
 * anything is wrong: a render error must never lead to a partial result, since that would prune.
 */
export interface Renderer {
  render(input: RenderInput): Promise<RenderedObject[]>;
  /**
   * The same objects and errors as `render` on a checkout of the tree's commit, from the tree alone;
   * undefined when this input needs a checkout (a kustomization, a path the tree does not hold), and the
   * caller then checks out and calls `render`.
   */
  renderTree?(input: TreeRenderInput): Promise<RenderedObject[] | undefined>;
}
