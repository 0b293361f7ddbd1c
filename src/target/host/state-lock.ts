import { open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { TidewayError } from '../../core/errors.js';
import { isAlive, processStartTime } from './proc-info.js';

interface LockOwner {
  pid: number;
  startTime?: string;
}

/**
 * One host target per state directory at a time: two agents supervising the same services would start
 * duplicate replicas. `<stateDir>/lock` holds the owner's pid and start time; a lock whose owner is
 * gone is stale and taken over.
 */
export async function acquireStateLock(stateDir: string): Promise<() => Promise<void>> {
  const file = path.join(stateDir, 'lock');
  const me: LockOwner = { pid: process.pid, startTime: processStartTime(process.pid) };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, 'wx', 0o600);
      await handle.writeFile(JSON.stringify(me));
      await handle.close();
      return () => rm(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = await readOwner(file);
    if (owner && isAlive(owner.pid, owner.startTime)) {
      throw new TidewayError(
        'Conflict',
        `state directory ${stateDir} is in use by another host target (pid ${owner.pid}${owner.pid === process.pid ? ', this process: close it first' : ''})`,
      );
    }
    await rm(file, { force: true });
  }
  throw new TidewayError('Conflict', `cannot lock state directory ${stateDir}`);
}

async function readOwner(file: string): Promise<LockOwner | undefined> {
  try {
    const owner = JSON.parse(await readFile(file, 'utf8')) as LockOwner;
    return typeof owner.pid === 'number' ? owner : undefined;
  } catch {
    return undefined;
  }
}
