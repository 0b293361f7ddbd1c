// Free TCP ports on the loopback interface, found by binding port 0.
import net from 'node:net';

/**
 * Returns `count` distinct free ports on 127.0.0.1. All listeners are held open until every port
 * is known, so the same port is never returned twice; another process may still take one before
 * it is used, which is rare enough for a test cluster.
 */
export async function freePorts(count) {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise((resolve, reject) => {
          const server = net.createServer();
          server.unref();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((s) => s.address().port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(() => resolve()))));
  return ports;
}
