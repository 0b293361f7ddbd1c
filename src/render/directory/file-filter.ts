import picomatch from 'picomatch';

const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

/** Which files of a directory application are manifests to render (paths relative to the rendered path). */
export interface FileFilter {
  /** A manifest file (by extension) matched by `include` (if any) and not by `exclude`. */
  includesFile(relPath: string): boolean;
  /** False for a directory matched by `exclude`: nothing under it is read. */
  entersDirectory(relPath: string): boolean;
}

/**
 * Builds the filter from `include` / `exclude` globs (picomatch syntax, `{a,b}` lists). A glob without
 * `/` also matches a file's base name, so `*.yaml` matches `sub/x.yaml` when recursing. Exclude wins.
 */
export function createFileFilter(options: { include?: string; exclude?: string }): FileFilter {
  const include = options.include ? globMatcher(options.include) : () => true;
  const exclude = options.exclude ? globMatcher(options.exclude) : () => false;
  return {
    includesFile: (relPath) => MANIFEST_EXTENSIONS.some((ext) => relPath.endsWith(ext)) && include(relPath) && !exclude(relPath),
    entersDirectory: (relPath) => !exclude(relPath),
  };
}

function globMatcher(glob: string): (relPath: string) => boolean {
  const matches = picomatch(glob, { dot: false });
  if (glob.includes('/')) return matches;
  return (relPath) => matches(relPath) || matches(relPath.slice(relPath.lastIndexOf('/') + 1));
}
