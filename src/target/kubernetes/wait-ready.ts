import type { Manifest } from '../../core/model/manifest.js';
import { refOf, refString } from '../../core/model/object-ref.js';
import { TidewayError } from '../../core/errors.js';
import type { Discovery } from './discovery.js';
import { resourcePath } from './discovery.js';
import type { RestClient } from './rest-client.js';

function isReady(object: Manifest): boolean {
  const status = object.status as { phase?: string; conditions?: Array<{ type: string; status: string }> } | undefined;
  if (object.kind === 'Namespace') return status?.phase === 'Active';
  if (object.kind === 'CustomResourceDefinition') {
    return !!status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True');
  }
  return true;
}

/** Why a definition will never become ready by waiting: a CRD whose names clash with another CRD's. */
function neverReady(object: Manifest): string | undefined {
  if (object.kind !== 'CustomResourceDefinition') return undefined;
  const conditions = (
    object.status as { conditions?: Array<{ type: string; status: string; reason?: string; message?: string }> } | undefined
  )?.conditions;
  const names = conditions?.find((c) => c.type === 'NamesAccepted' && c.status === 'False');
  return names ? `names not accepted (${[names.reason, names.message].filter(Boolean).join(': ')})` : undefined;
}

/**
 * Polls until every CRD is Established and every Namespace Active (failing at once for a CRD whose
 * names are not accepted, which no wait would change), then until discovery serves each CRD's kind
 * in each of its served versions, so their custom resources can be applied in the same sync.
 */
export async function waitReady(client: RestClient, discovery: Discovery, objects: Manifest[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let pending = objects.filter((o) => o.kind === 'Namespace' || o.kind === 'CustomResourceDefinition');
  while (pending.length > 0) {
    const still: Manifest[] = [];
    for (const object of pending) {
      const info = await discovery.lookup(object.apiVersion, object.kind);
      if (!info) {
        still.push(object);
        continue;
      }
      const res = await client.request<Manifest>('GET', resourcePath(info, undefined, object.metadata.name));
      const refused = res.status === 200 ? neverReady(res.body) : undefined;
      if (refused) throw new TidewayError('Conflict', `${refString(refOf(object))}: ${refused}`);
      if (res.status !== 200 || !isReady(res.body)) still.push(object);
    }
    pending = still;
    if (pending.length === 0) break;
    if (Date.now() > deadline) {
      throw new TidewayError(
        'Timeout',
        `timed out after ${timeoutMs} ms waiting for ${pending.map((o) => refString(refOf(o))).join(', ')} to be ready`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  // An Established CRD is not served at once: the API server adds its group-version to discovery a
  // moment later. Wait for that too (asking again each time), so its custom resources apply now.
  for (const crd of objects.filter((o) => o.kind === 'CustomResourceDefinition')) {
    const spec = crd.spec as
      | { group?: string; names?: { kind?: string }; versions?: Array<{ name: string; served?: boolean }>; version?: string }
      | undefined;
    const kind = spec?.names?.kind;
    for (const v of spec?.versions ?? (spec?.version ? [{ name: spec.version }] : [])) {
      const apiVersion = `${spec?.group}/${v.name}`;
      for (;;) {
        discovery.invalidate(apiVersion);
        if (!kind || v.served === false || (await discovery.lookup(apiVersion, kind))) break;
        if (Date.now() > deadline)
          throw new TidewayError('Timeout', `timed out after ${timeoutMs} ms waiting for the API server to serve ${kind} in ${apiVersion}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }
}
