import type { Manifest } from '../../core/model/manifest.js';
import { resourcePath } from './discovery.js';
import type { ResourceInfo } from './resource-info.js';
import type { KubeResponse, RestClient } from './rest-client.js';

export const FIELD_MANAGER = 'tideway';

/** One server-side apply request (PATCH application/apply-patch+yaml) as field manager `tideway`. */
export function serverSideApply(
  client: RestClient,
  info: ResourceInfo,
  object: Manifest,
  options: { dryRun?: boolean; force?: boolean },
): Promise<KubeResponse<Manifest>> {
  return client.request<Manifest>('PATCH', resourcePath(info, object.metadata.namespace, object.metadata.name), {
    query: { fieldManager: FIELD_MANAGER, force: options.force ? 'true' : undefined, dryRun: options.dryRun ? 'All' : undefined },
    body: object, // JSON is YAML
    contentType: 'application/apply-patch+yaml',
  });
}
