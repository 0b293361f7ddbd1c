import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { HELM_CHART_LAYER, HELM_CONFIG } from '../repo/oci.js';

/** Test helpers: Debian's docker-registry (the CNCF distribution registry) on a loopback port, and a chart push. */
export function registryBinary(): string | undefined {
  const r = spawnSync('sh', ['-c', 'command -v docker-registry'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as { port: number }).port;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

export interface TestRegistry {
  host: string;
  stop(): Promise<void>;
}

/** Starts a registry with its own config and storage; `htpasswd` (bcrypt lines) turns basic auth on. */
export async function startRegistry(options: { htpasswd?: string } = {}): Promise<TestRegistry> {
  const bin = registryBinary();
  if (!bin) throw new Error('docker-registry is not installed');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tideway-registry-'));
  const port = await freePort();
  let auth = '';
  if (options.htpasswd) {
    await writeFile(path.join(dir, 'htpasswd'), options.htpasswd);
    auth = `auth:\n  htpasswd:\n    realm: test-realm\n    path: ${path.join(dir, 'htpasswd')}\n`;
  }
  const config = `version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: ${path.join(dir, 'data')}\nhttp:\n  addr: 127.0.0.1:${port}\n${auth}`;
  await writeFile(path.join(dir, 'config.yml'), config);
  const child: ChildProcess = spawn(bin, ['serve', path.join(dir, 'config.yml')], { stdio: 'ignore' });
  const host = `127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      const res = await fetch(`http://${host}/v2/`);
      if (res.status === 200 || res.status === 401) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill();
      throw new Error('docker-registry did not start');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    host,
    async stop() {
      child.kill();
      await new Promise((r) => child.once('exit', r));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Pushes a chart archive as Helm does (config blob, content layer, OCI manifest) with the distribution API. */
export async function pushChart(host: string, repository: string, tag: string, tgz: Uint8Array, authHeader?: string): Promise<string> {
  const headers: Record<string, string> = authHeader ? { Authorization: authHeader } : {};
  const upload = async (data: Uint8Array): Promise<string> => {
    const digest = `sha256:${createHash('sha256').update(data).digest('hex')}`;
    const start = await fetch(`http://${host}/v2/${repository}/blobs/uploads/`, { method: 'POST', headers });
    if (start.status !== 202) throw new Error(`upload start: HTTP ${start.status}`);
    const location = new URL(start.headers.get('location') as string, `http://${host}`);
    location.searchParams.set('digest', digest);
    const put = await fetch(location, {
      method: 'PUT',
      headers: { ...headers, 'Content-Type': 'application/octet-stream' },
      body: Buffer.from(data),
    });
    if (put.status !== 201) throw new Error(`upload: HTTP ${put.status}`);
    return digest;
  };
  const config = new TextEncoder().encode(JSON.stringify({ name: repository.split('/').pop(), version: tag }));
  const configDigest = await upload(config);
  const layerDigest = await upload(tgz);
  const manifest = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: HELM_CONFIG, digest: configDigest, size: config.length },
    layers: [{ mediaType: HELM_CHART_LAYER, digest: layerDigest, size: tgz.length }],
  };
  const res = await fetch(`http://${host}/v2/${repository}/manifests/${tag.replace(/\+/g, '_')}`, {
    method: 'PUT',
    headers: { ...headers, 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' },
    body: JSON.stringify(manifest),
  });
  if (res.status !== 201) throw new Error(`manifest: HTTP ${res.status} ${await res.text()}`);
  return layerDigest;
}
