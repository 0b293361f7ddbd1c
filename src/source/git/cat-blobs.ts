import { SourceError } from '../../core/errors.js';
import { unsafeCommit, type CommitTreeContext, type TreeEntry } from './tree-listing.js';

/** Takes the blobs `catBlobs` prints, one after the other, in the order they were asked for. */
export interface BlobSink {
  start(entry: TreeEntry): void;
  /** Part of the current blob's bytes (a view of git's output: copy what is kept). */
  data(part: Buffer): void;
  end(entry: TreeEntry): Promise<void> | void;
}

/**
 * Streams `blobs` of commit `sha` to `sink` with one `git cat-file --batch`: bytes as stored, no filter
 * involved. An answer that is not the blob asked for is UnsafeRepository; a timeout or a git failure
 * is SourceUnavailable.
 */
export async function catBlobs(context: CommitTreeContext, sha: string, blobs: TreeEntry[], sink: BlobSink): Promise<void> {
  if (blobs.length === 0) return;
  const { mirror } = context;
  const proc = context.runner.start({
    args: ['--git-dir', mirror.dir, 'cat-file', '--batch'],
    env: mirror.localEnv(),
    timeoutMs: context.timeoutMs,
  });
  proc.child.stdin.end(blobs.map((b) => `${b.oid}\n`).join(''));
  let index = 0;
  let state: 'header' | 'body' | 'newline' = 'header';
  let remaining = 0;
  try {
    let pending: Buffer = Buffer.alloc(0);
    for await (const chunk of proc.child.stdout as AsyncIterable<Buffer>) {
      const buf = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
      pending = Buffer.alloc(0);
      let at = 0;
      while (at < buf.length) {
        if (state === 'header') {
          const eol = buf.indexOf(0x0a, at);
          if (eol === -1) {
            pending = buf.subarray(at);
            break;
          }
          const [oid, type, size] = buf.toString('utf8', at, eol).split(' ');
          at = eol + 1;
          const entry = blobs[index];
          if (!entry || oid !== entry.oid || type !== 'blob')
            throw unsafeCommit(mirror, sha, `git cat-file answered ${JSON.stringify(`${oid} ${type}`)} for ${entry?.path ?? 'nothing'}`);
          remaining = Number(size);
          sink.start(entry);
          state = remaining > 0 ? 'body' : 'newline';
        } else if (state === 'body') {
          const part = buf.subarray(at, at + Math.min(remaining, buf.length - at));
          sink.data(part);
          at += part.length;
          remaining -= part.length;
          if (remaining === 0) state = 'newline';
        } else {
          at += 1;
          await sink.end(blobs[index]);
          index += 1;
          state = 'header';
        }
      }
    }
    const exit = await proc.exited;
    if (exit.timedOut)
      throw new SourceError('SourceUnavailable', `reading files of ${mirror.location.display} timed out after ${context.timeoutMs} ms`, {
        repoURL: mirror.location.display,
      });
    if (exit.exitCode !== 0 || index !== blobs.length) {
      throw new SourceError(
        'SourceUnavailable',
        `git cat-file in the mirror of ${mirror.location.display} failed (${index}/${blobs.length} files read): ${exit.stderr.trim() || `exit ${exit.exitCode}`}`,
        { repoURL: mirror.location.display },
      );
    }
  } finally {
    if (proc.child.exitCode === null) proc.child.kill('SIGKILL');
    await proc.exited.catch(() => {});
  }
}
