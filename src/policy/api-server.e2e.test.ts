import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { load } from 'js-yaml';
import { startTestCluster } from '../../scripts/cluster/test-cluster.mjs';
// @ts-expect-error plain JavaScript, shared with the scripts
import { shimmedKubeCache, unpackKube134 } from '../../scripts/kube-binaries.mjs';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Manifest } from '../core/model/manifest.js';
import { checkPolicies, policySetOf, resourceNames, type Violation } from './admission/index.js';
import { loadKubeSchemas } from './kube-schemas.js';
import { validateSchemas } from './schema/index.js';

/**
 * Tideway's checks against the real thing, a Kubernetes 1.34 API server (../shared/kube/1.34):
 * - the same policies, bindings and params are created in it, every object is sent as a dry-run
 *   create, and the server's decisions (denied, and with what message; warnings) must be the ones
 *   checkPolicies computes (ValidatingAdmissionPolicy is GA in 1.34);
 * - the objects of the schema fixtures are sent as dry-run creates with strict field validation (as
 *   `kubectl apply` sends them): the server must refuse exactly those validateSchemas finds wrong.
 */
const unpacked = unpackKube134() as { dir: string; cleanup(): void } | undefined;
const fixture = load(readFileSync(new URL('./admission/testdata/api-server/policies.yaml', import.meta.url), 'utf8')) as {
  setup: Manifest[];
  policies: Manifest[];
  objects: Manifest[];
};

type Cluster = { server: string; token: string; dir: string; stop(): Promise<void> };
type Reply = { status: number; body: Record<string, unknown>; warnings: string[] };

describe('policies and schemas against a 1.34 API server', { skip: unpacked ? false : '../shared/kube/1.34 is absent' }, () => {
  let cluster: Cluster;
  let ca: Buffer;
  let cache: { dir: string; cleanup(): void };

  const api = (method: string, apiPath: string, body?: unknown): Promise<Reply> =>
    new Promise((resolve, reject) => {
      const data = body === undefined ? undefined : JSON.stringify(body);
      const req = https.request(
        `${cluster.server}${apiPath}`,
        {
          method,
          ca,
          headers: { authorization: `Bearer ${cluster.token}`, 'content-type': 'application/json', accept: 'application/json' },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const warning = res.headers.warning;
            resolve({
              status: res.statusCode ?? 0,
              body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'),
              warnings: warning === undefined ? [] : Array.isArray(warning) ? warning : [warning],
            });
          });
        },
      );
      req.on('error', reject);
      req.end(data);
    });

  let names = resourceNames([]);
  const collection = (o: Manifest) => {
    const [group, version] = o.apiVersion.includes('/') ? o.apiVersion.split('/') : ['', o.apiVersion];
    const resource = names.of(o.apiVersion, o.kind);
    assert.ok(resource, `${o.apiVersion} ${o.kind}`);
    const base = group ? `/apis/${group}/${version}` : `/api/${version}`;
    return resource.namespaced
      ? `${base}/namespaces/${o.metadata.namespace ?? 'default'}/${resource.resource}`
      : `${base}/${resource.resource}`;
  };
  const create = async (o: Manifest) => {
    const reply = await api('POST', collection(o), o);
    assert.ok(reply.status === 201, `${o.kind}/${o.metadata.name}: ${reply.status} ${JSON.stringify(reply.body)}`);
  };
  /** What the server decides for each object: `denied: message`, `warned: message`, or `allowed`. */
  const serverDecisions = async () => {
    const out: Record<string, string> = {};
    for (const o of fixture.objects) {
      const reply = await api('POST', `${collection(o)}?dryRun=All`, o);
      const key = `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`;
      if (reply.status >= 400) out[key] = `denied: ${String(reply.body.message)}`;
      else if (reply.warnings.length) out[key] = `warned: ${reply.warnings.join(' | ')}`;
      else out[key] = 'allowed';
    }
    return out;
  };

  before(async () => {
    cache = shimmedKubeCache((unpacked as { dir: string }).dir);
    process.env.TIDEWAY_K8S_CACHE = cache.dir;
    cluster = (await startTestCluster({ signals: false, timeoutMs: 180_000 })) as Cluster;
    ca = readFileSync(path.join(cluster.dir, 'apiserver.crt'));
    for (const o of [...fixture.setup, ...fixture.policies]) await create(o);
  });
  after(async () => {
    await cluster?.stop();
    cache?.cleanup();
    unpacked?.cleanup();
  });

  test('each object is denied, warned about or allowed by the server as checkPolicies says, with the same message', async () => {
    const set = policySetOf(fixture.policies.map((object) => ({ object })));
    assert.deepEqual(set.problems, []);
    const violations = checkPolicies([...fixture.setup, ...fixture.objects], set.policies, set.bindings, [...set.params, ...fixture.setup]);
    const ours: Record<string, Violation[]> = {};
    for (const v of violations) (ours[`${v.object.kind}/${v.object.namespace}/${v.object.name}`] ??= []).push(v);

    // The server takes its policies in asynchronously: ask until its answers settle, then compare.
    let server: Record<string, string> = {};
    const deadline = Date.now() + 60_000;
    const settled = () =>
      fixture.objects.every((o) => {
        const key = `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`;
        const expectDeny = (ours[key] ?? []).some((v) => v.actions.includes('Deny'));
        const expectWarn = (ours[key] ?? []).length > 0;
        return expectDeny ? server[key]?.startsWith('denied') : expectWarn ? server[key]?.startsWith('warned') : server[key] === 'allowed';
      });
    do {
      server = await serverDecisions();
      if (settled()) break;
      await new Promise((r) => setTimeout(r, 500));
    } while (Date.now() < deadline);

    for (const o of fixture.objects) {
      const key = `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`;
      const mine = ours[key] ?? [];
      const denied = mine.filter((v) => v.actions.includes('Deny'));
      if (denied.length) {
        assert.match(server[key], /^denied: /, key);
        const messages = denied.map(
          (v) => `ValidatingAdmissionPolicy '${v.policy}' with binding '${v.binding}' denied request: ${v.message}`,
        );
        assert.ok(
          messages.some((m) => server[key].includes(m)),
          `${key}: the server said ${server[key]}; Tideway: ${messages.join(' / ')}`,
        );
      } else if (mine.length) {
        assert.match(server[key], /^warned: /, key);
        for (const v of mine) assert.ok(server[key].includes(`with binding '${v.binding}': ${v.message}`), `${key}: ${server[key]}`);
      } else assert.equal(server[key], 'allowed', key);
    }
    // The fixture exercises each outcome: 3 denied (by three policies), 1 warned, 6 allowed.
    const count = (prefix: string) => Object.values(server).filter((d) => d.startsWith(prefix)).length;
    assert.deepEqual([count('denied'), count('warned'), count('allowed')], [3, 1, 6], JSON.stringify(server));
  });

  test('the server refuses (strict field validation, dry run) exactly the objects validateSchemas finds wrong', async () => {
    const dir = fileURLToPath(new URL('./schema/testdata/', import.meta.url));
    const schemas = loadKubeSchemas('1.34');
    const compared: string[] = [];
    for (const file of readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .sort()) {
      const { objects } = load(readFileSync(path.join(dir, file), 'utf8')) as { objects: Manifest[] };
      names = resourceNames(objects);
      const crds = objects.filter((o) => o.kind === 'CustomResourceDefinition');
      for (const crd of crds) await create(crd);
      for (const ns of new Set(objects.map((o) => o.metadata.namespace).filter((n): n is string => !!n)))
        await api('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
      const violations = validateSchemas(
        objects.map((object) => ({ object })),
        schemas,
      );
      for (const o of objects) {
        if (o.kind === 'CustomResourceDefinition') continue;
        const mine = violations.filter((v) => v.object.kind === o.kind && v.object.name === o.metadata.name);
        if (mine.some((v) => v.reason === 'MissingSchema')) continue; // a kind the server does not serve either
        let reply = await api('POST', `${collection(o)}?dryRun=All&fieldValidation=Strict`, o);
        // A CRD's kind is served a moment after the CRD is created.
        for (let i = 0; i < 40 && reply.status === 404; i++) {
          await new Promise((r) => setTimeout(r, 250));
          reply = await api('POST', `${collection(o)}?dryRun=All&fieldValidation=Strict`, o);
        }
        const key = `${file}: ${o.kind}/${o.metadata.name}`;
        assert.equal(
          reply.status >= 400,
          mine.length > 0,
          `${key}: the server answered ${reply.status} ${String(reply.body.message)}; Tideway found ${JSON.stringify(mine.map((v) => `${v.field}: ${v.message}`))}`,
        );
        compared.push(`${key} ${mine.length ? 'refused' : 'accepted'}`);
      }
    }
    assert.deepEqual(compared, [
      'custom-resources.yaml: Widget/good accepted',
      'custom-resources.yaml: Widget/bad refused',
      'deployment-errors.yaml: Deployment/web refused',
      'int-or-string-and-quantity.yaml: Service/web refused',
      'int-or-string-and-quantity.yaml: Pod/p refused',
      'valid-objects.yaml: Deployment/web accepted',
      'valid-objects.yaml: Service/web accepted',
      'valid-objects.yaml: ConfigMap/conf accepted',
    ]);
  });
});
