import { execFile } from 'node:child_process';
import { QuickstartError } from './quickstart-error.js';

/** The author of the example's first commit. */
export const QUICKSTART_AUTHOR = { name: 'Tideway Quickstart', email: 'quickstart@tideway.invalid' };

/**
 * Runs `git args` in `cwd` and returns its stdout. Hooks, signing and the user's templates stay out of
 * the example's commits (`core.hooksPath` empty, `commit.gpgsign` off, no init template).
 */
export function runGit(cwd: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  const safe = ['-c', 'core.hooksPath=/dev/null', '-c', 'commit.gpgsign=false', '-c', 'init.templateDir='];
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      [...safe, ...args],
      { cwd, env: { ...process.env, ...env }, timeout: 30_000, maxBuffer: 4 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        const detail = String(stderr || error.message)
          .trim()
          .split('\n')
          .slice(-1)[0];
        const hint = (error as NodeJS.ErrnoException).code === 'ENOENT' ? ' (is git installed and on PATH?)' : '';
        reject(new QuickstartError('SourceUnavailable', `git ${args[0]} failed in ${cwd}: ${detail}${hint}`, { cause: error }));
      },
    );
  });
}
