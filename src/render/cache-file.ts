import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Writes one cache file whole or not at all (a temporary file renamed over it), readable only by
 * this user. A cache that cannot be written only costs work next time, so failures are ignored.
 */
export function writeCacheFile(file: string, text: string): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, text, { mode: 0o600 });
    renameSync(tmp, file);
  } catch {
    // Ignored, as said above.
  }
}
