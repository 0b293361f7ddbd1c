#!/usr/bin/env node
// Regenerates src/policy/schemas/k8s-v<minor>.json.gz: the OpenAPI schemas of the built-in kinds, as
// a real kube-apiserver serves them at /openapi/v2, reduced to what validation needs.
//
//   node scripts/gen-k8s-schemas.mjs                  # the server scripts/cluster/build.sh built (1.20)
//   node scripts/gen-k8s-schemas.mjs --kube DIR       # binaries unpacked from ../shared/kube/1.34
//
// For 1.34, unpack ../shared/kube/1.34 first (see its README):
//   mkdir -p /tmp/k8s-1.34 && for b in kube-apiserver kube-controller-manager; do
//     xz -dkc ../shared/kube/1.34/$b.xz > /tmp/k8s-1.34/$b && chmod +x /tmp/k8s-1.34/$b; done
//   node scripts/gen-k8s-schemas.mjs --kube /tmp/k8s-1.34
// The control plane is scripts/cluster/test-cluster.mjs's; with --kube, scripts/kube-binaries.mjs puts
// shims in front of the binaries that drop the 1.20-only flags test-cluster.mjs passes.
//
// The reduction keeps types, properties, items, additionalProperties, required, enum and $ref, and the
// x-kubernetes-int-or-string / -preserve-unknown-fields / -embedded-resource markers; it drops
// descriptions and the merge-strategy markers. The file holds
// { version, gitVersion, kinds: { "group/version/Kind": definitionName }, definitions }.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { startTestCluster } from './cluster/test-cluster.mjs';
import { shimmedKubeCache } from './kube-binaries.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const outDir = path.join(root, 'src/policy/schemas');

const KEEP = new Set([
  'type',
  'format',
  'properties',
  'items',
  'additionalProperties',
  'required',
  'enum',
  '$ref',
  'x-kubernetes-int-or-string',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-embedded-resource',
]);

function get(url, { ca, token }) {
  return new Promise((resolve, reject) => {
    const req = https.get(url, { ca, headers: { authorization: `Bearer ${token}`, accept: 'application/json' } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () =>
        res.statusCode === 200 ? resolve(Buffer.concat(chunks).toString('utf8')) : reject(new Error(`${url}: ${res.statusCode}`)),
      );
    });
    req.on('error', reject);
  });
}

function reduce(schema) {
  if (Array.isArray(schema)) return schema.map(reduce);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (!KEEP.has(key)) continue;
    if (key === 'properties') out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reduce(v)]));
    else if (key === '$ref') out.$ref = value.replace('#/definitions/', '');
    else if (key === 'format' && !['int-or-string', 'int32', 'int64', 'byte'].includes(value)) continue;
    else out[key] = reduce(value);
  }
  return out;
}

const kubeAt = process.argv.indexOf('--kube');
if (kubeAt > 0) {
  const cache = shimmedKubeCache(path.resolve(process.argv[kubeAt + 1]));
  process.env.TIDEWAY_K8S_CACHE = cache.dir;
  process.on('exit', cache.cleanup);
}

const cluster = await startTestCluster({ signals: true });
try {
  const ca = readFileSync(path.join(cluster.dir, 'apiserver.crt'));
  const version = JSON.parse(await get(`${cluster.server}/version`, { ca, token: cluster.token }));
  const openapi = JSON.parse(await get(`${cluster.server}/openapi/v2`, { ca, token: cluster.token }));
  const kinds = {};
  const definitions = {};
  for (const [name, schema] of Object.entries(openapi.definitions)) {
    definitions[name] = reduce(schema);
    for (const gvk of schema['x-kubernetes-group-version-kind'] ?? []) {
      const key = `${gvk.group}/${gvk.version}/${gvk.kind}`;
      // A kind several definitions claim (DeleteOptions, WatchEvent in every group) is not a manifest kind.
      if (name.startsWith('io.k8s.apimachinery.')) continue;
      kinds[key] = name;
    }
  }
  const minor = `${version.major}.${version.minor.replace(/\D+$/, '')}`;
  const data = { version: minor, gitVersion: version.gitVersion, kinds, definitions };
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `k8s-v${minor}.json.gz`);
  const gz = gzipSync(JSON.stringify(data), { level: 9 });
  writeFileSync(file, gz);
  console.log(
    `${path.relative(root, file)}: ${version.gitVersion}, ${Object.keys(kinds).length} kinds, ${Object.keys(definitions).length} definitions, ${gz.length} bytes`,
  );
} finally {
  await cluster.stop();
}
