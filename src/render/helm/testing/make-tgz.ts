import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';

/** An entry of a test archive: a file with a body, or a link or directory. */
export type Entry = { name: string; body?: string; type?: 'file' | 'symlink' | 'link' | 'directory'; linkname?: string; size?: number };

/** A .tgz (test helper) made with tar-stream from the given entries. */
export async function makeTgz(entries: Entry[]): Promise<Uint8Array> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (c: unknown) => chunks.push(c as Buffer));
  const done = new Promise<void>((resolve) => pack.on('end', () => resolve()));
  for (const e of entries) {
    if (e.type === 'symlink' || e.type === 'link' || e.type === 'directory')
      pack.entry({ name: e.name, type: e.type, linkname: e.linkname });
    else pack.entry({ name: e.name }, e.body ?? '');
  }
  pack.finalize();
  await done;
  return new Uint8Array(gzipSync(Buffer.concat(chunks)));
}
