/** Options of plain-directory rendering, as in an Application's `spec.source.directory`. */
export interface DirectoryOptions {
  recurse?: boolean;
  /** Glob (or `{a,b}` list) of files to include, relative to the path; default: all .yaml/.yml/.json. */
  include?: string;
  /** Glob of files to exclude, relative to the path. */
  exclude?: string;
}
