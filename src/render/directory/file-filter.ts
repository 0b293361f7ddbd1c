import picomatch from 'picomatch';

const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

/** Formats Argo CD renders from a directory that Tideway does not: such a file is an error, never skipped quietly. */
const UNSUPPORTED_FORMATS: Array<[extension: string, format: string]> = [
  ['.jsonnet', 'jsonnet'],
  ['.libsonnet', 'jsonnet'],
];

/** Why a file or directory of a directory application is not read. */
export type SkipReason = 'not-a-manifest' | 'left-out' | 'recurse-off';

/** Which files of a directory application are manifests to render (paths relative to the rendered path). */
export interface FileFilter {
  /** A manifest file (by extension) matched by `include` (if any) and not by `exclude`. */
  includesFile(relPath: string): boolean;
  /** False for a directory matched by `exclude`: nothing under it is read. */
  entersDirectory(relPath: string): boolean;
  /** The unsupported format (jsonnet) of a file that `include`/`exclude` let through; undefined for any other file. */
  unsupportedFormat(relPath: string): string | undefined;
  /** Why a file that `includesFile` refuses is skipped. */
  skipReason(relPath: string): SkipReason;
}

/**
 * Builds the filter from `include` / `exclude` globs (picomatch syntax, `{a,b}` lists). A glob without
 * `/` also matches a file's base name, so `*.yaml` matches `sub/x.yaml` when recursing. Exclude wins.
 */
export function createFileFilter(options: { include?: string; exclude?: string }): FileFilter {
  const include = options.include ? globMatcher(options.include) : () => true;
  const exclude = options.exclude ? globMatcher(options.exclude) : () => false;
  const selected = (relPath: string) => include(relPath) && !exclude(relPath);
  const isManifest = (relPath: string) => MANIFEST_EXTENSIONS.some((ext) => relPath.endsWith(ext));
  return {
    includesFile: (relPath) => isManifest(relPath) && selected(relPath),
    entersDirectory: (relPath) => !exclude(relPath),
    unsupportedFormat: (relPath) => {
      const format = UNSUPPORTED_FORMATS.find(([ext]) => relPath.endsWith(ext))?.[1];
      return format && selected(relPath) ? format : undefined;
    },
    skipReason: (relPath) => (isManifest(relPath) ? 'left-out' : 'not-a-manifest'),
  };
}

function globMatcher(glob: string): (relPath: string) => boolean {
  const matches = picomatch(glob, { dot: false });
  if (glob.includes('/')) return matches;
  return (relPath) => matches(relPath) || matches(relPath.slice(relPath.lastIndexOf('/') + 1));
}
