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

/**
 * The JSON text of each value, `perTurn` values per turn of the event loop: a cache written while a
 * sync waits on the network does not hold up reading the responses.
 */
export async function jsonInSlices(values: readonly unknown[], perTurn = 50): Promise<string[]> {
  const out: string[] = [];
  for (let at = 0; at < values.length; at += perTurn) {
    if (at > 0) await new Promise((resolve) => setImmediate(resolve));
    for (const value of values.slice(at, at + perTurn)) out.push(JSON.stringify(value));
  }
  return out;
}
