/**
 * When the reader of stdout or stderr goes away (`tideway render DIR | head`, or Ctrl-C killing the
 * `tee` of `npm start 2>&1 | tee up.log`), writing fails with EPIPE. By default the command ends at
 * once, quietly, with the status of a process killed by SIGPIPE (141), as other command-line tools
 * end. A command that has something to clean up first (`tideway up` stops the services it started)
 * takes over with `onReaderGone`: then nothing is written any more and its handler runs once.
 */
let handler: (() => void) | undefined;
let gone = false;

export function onReaderGone(h: (() => void) | undefined): void {
  handler = h;
}

/** True once a reader has gone away: writes are dropped from then on. */
export function readerGone(): boolean {
  return gone;
}

export function installReaderGoneHandler(exit: (code: number) => void = (code) => process.exit(code)): void {
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.listenerCount('error') > 0) continue;
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
      const first = !gone;
      gone = true;
      if (!handler) exit(141);
      else if (first) handler();
    });
  }
}
