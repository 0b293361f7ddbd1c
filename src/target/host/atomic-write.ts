import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** Name prefix of temporary files, so watchers can ignore them. */
export const TEMP_PREFIX = '.tideway-tmp-';

/**
 * Writes `data` to `file` atomically: a temporary file in the same directory, written, given `mode`,
 * synced, then renamed over `file`. Readers see the old content or the new one, never a part.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, mode: number): Promise<void> {
  const temp = path.join(path.dirname(file), `${TEMP_PREFIX}${path.basename(file)}-${randomBytes(6).toString('hex')}`);
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(data);
    await handle.chmod(mode); // the umask may have narrowed the mode given to open
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
