import { existsSync } from 'node:fs';
import type { LeaseRecord } from '../../core/shards/index.js';
import { TidewayError } from '../../core/errors.js';
import { statusMessage, type RestClient } from '../../target/kubernetes/rest-client.js';

/** Label on every Lease this feature writes; `shard` or `replica` says which kind. */
export const LEASE_KIND_LABEL = 'tideway.dev/lease';
/** Annotation of a replica's membership Lease: the URL its API is reached at (webhooks are forwarded there). */
export const API_URL_ANNOTATION = 'tideway.dev/api-url';

export interface LeaseObject {
  metadata: {
    name: string;
    namespace?: string;
    resourceVersion: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: Partial<LeaseRecord>;
}

export interface LeaseApi {
  list(): Promise<LeaseObject[]>;
  create(
    name: string,
    kind: 'shard' | 'replica',
    record: LeaseRecord,
    annotations?: Record<string, string>,
  ): Promise<LeaseObject | undefined>;
  /** Undefined when another writer came first (409) or the Lease is gone (404): the round simply lost. */
  update(
    name: string,
    kind: 'shard' | 'replica',
    record: LeaseRecord,
    resourceVersion: string,
    annotations?: Record<string, string>,
  ): Promise<LeaseObject | undefined>;
  remove(name: string, resourceVersion: string): Promise<void>;
}

/**
 * `coordination.k8s.io/v1` Leases of one namespace through the REST client, with optimistic
 * concurrency (every update carries the resourceVersion it read). `faultFile`: a test hook; while
 * that file exists every Lease request fails as if the network to the API server were cut, while
 * the replica's other traffic goes on (the dangerous partition: writes still possible, renewals not).
 */
export function createLeaseApi(client: RestClient, namespace: string, options: { timeoutMs: number; faultFile?: string }): LeaseApi {
  const base = `/apis/coordination.k8s.io/v1/namespaces/${encodeURIComponent(namespace)}/leases`;
  const timeoutMs = options.timeoutMs;

  function guard(what: string) {
    if (options.faultFile && existsSync(options.faultFile))
      throw new TidewayError('TargetUnavailable', `${what} ${base}: Lease requests blocked (fault file present)`);
  }

  function body(name: string, kind: string, record: LeaseRecord, resourceVersion?: string, annotations?: Record<string, string>) {
    return {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name,
        namespace,
        labels: { [LEASE_KIND_LABEL]: kind, 'app.kubernetes.io/managed-by': 'tideway' },
        ...(annotations && { annotations }),
        resourceVersion,
      },
      spec: record,
    };
  }

  function fail(what: string, res: { status: number; body: unknown }): never {
    throw new TidewayError('TargetUnavailable', `${what} Lease in ${namespace}: ${statusMessage(res)}`);
  }

  return {
    async list() {
      guard('list');
      const res = await client.request<{ items: LeaseObject[] }>('GET', base, {
        query: { labelSelector: LEASE_KIND_LABEL },
        timeoutMs,
      });
      if (res.status !== 200) fail('list', res);
      return res.body.items;
    },
    async create(name, kind, record, annotations) {
      guard('create');
      const res = await client.request<LeaseObject>('POST', base, { body: body(name, kind, record, undefined, annotations), timeoutMs });
      if (res.status === 409) return undefined;
      if (res.status !== 201 && res.status !== 200) fail(`create ${name}`, res);
      return res.body;
    },
    async update(name, kind, record, resourceVersion, annotations) {
      guard('update');
      const res = await client.request<LeaseObject>('PUT', `${base}/${encodeURIComponent(name)}`, {
        body: body(name, kind, record, resourceVersion, annotations),
        timeoutMs,
      });
      if (res.status === 409 || res.status === 404) return undefined;
      if (res.status !== 200) fail(`update ${name}`, res);
      return res.body;
    },
    async remove(name, resourceVersion) {
      guard('delete');
      const res = await client.request('DELETE', `${base}/${encodeURIComponent(name)}`, {
        body: { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { resourceVersion } },
        timeoutMs,
      });
      if (res.status !== 200 && res.status !== 404 && res.status !== 409) fail(`delete ${name}`, res);
    },
  };
}

export function recordOf(lease: LeaseObject): LeaseRecord {
  const s = lease.spec ?? {};
  return {
    holderIdentity: s.holderIdentity ?? '',
    leaseDurationSeconds: s.leaseDurationSeconds ?? 0,
    acquireTime: s.acquireTime ?? undefined,
    renewTime: s.renewTime ?? undefined,
    leaseTransitions: s.leaseTransitions ?? 0,
  };
}
