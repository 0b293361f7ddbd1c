import { spawnSync } from 'node:child_process';

const homedirs = new Set<string>();

/** Stops the gpg-agent that gpg starts for a test's GNUPGHOME when the test process exits, so none is left running. */
export function stopGpgAgentAtExit(homedir: string): void {
  if (homedirs.size === 0)
    process.on('exit', () => {
      for (const h of homedirs) spawnSync('gpgconf', ['--homedir', h, '--kill', 'gpg-agent'], { stdio: 'ignore' });
    });
  homedirs.add(homedir);
}
