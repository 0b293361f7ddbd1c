import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { firstFreePortRun, isPortFree } from './free-port.js';

const listen = (port: number) =>
  new Promise<Server>((resolve) => {
    const s = createServer();
    s.listen(port, '127.0.0.1', () => resolve(s));
  });

test('a port someone listens on is not free, and a run of free ports skips it', async () => {
  const server = await listen(0);
  const port = (server.address() as { port: number }).port;
  try {
    assert.equal(await isPortFree(port), false);
    const start = await firstFreePortRun(port, 2);
    assert.ok(start !== undefined && start > port, `run starts after the busy port (got ${start})`);
    assert.equal(await isPortFree(start!), true);
    assert.equal(await isPortFree(start! + 1), true);
  } finally {
    await new Promise((r) => server.close(r));
  }
  assert.equal(await isPortFree(port), true);
});
