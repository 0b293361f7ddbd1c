import path from 'node:path';

/** A path as a shell in `shellCwd` should type it: relative when inside that directory, else absolute. */
export function displayPath(target: string, shellCwd: string): string {
  const rel = path.relative(shellCwd, target);
  if (rel === '') return '.';
  return rel.startsWith('..') || path.isAbsolute(rel) ? target : rel;
}

/**
 * How the user runs Tideway's CLI, for the commands `tideway up` suggests: `npx tideway` under an npm
 * script (npm start), `tideway` from an installed bin, else `node <the script that is running>`.
 */
export function cliInvocation(env: Record<string, string | undefined>, script: string | undefined, shellCwd: string): string {
  if (env.npm_lifecycle_event && env.npm_package_name === 'tideway') return 'npx tideway';
  if (!script) return 'tideway';
  if (path.basename(script) === 'tideway') return 'tideway';
  return `node ${displayPath(path.resolve(script), shellCwd)}`;
}

/** The directory the user's shell is in: npm runs scripts in the package root and says where it was called from in INIT_CWD. */
export function shellDirectory(env: Record<string, string | undefined>, cwd: string): string {
  return env.npm_lifecycle_event && env.INIT_CWD ? path.resolve(env.INIT_CWD) : cwd;
}
