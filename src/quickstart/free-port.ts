import { createServer } from 'node:net';

/** Whether nothing listens on `port` of 127.0.0.1 right now (a later bind may still lose a race). */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** The first `start`, `start + 1`, ... such that `count` ports in a row from it are free; tries `tries` starts. */
export async function firstFreePortRun(start: number, count: number, tries = 200): Promise<number | undefined> {
  for (let base = start; base < start + tries && base + count - 1 <= 65535; base++) {
    let free = true;
    for (let p = base; p < base + count && free; p++) free = await isPortFree(p);
    if (free) return base;
  }
  return undefined;
}
