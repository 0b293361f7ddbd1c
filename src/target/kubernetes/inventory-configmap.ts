import type { Inventory } from '../../core/inventory/inventory.js';
import type { ObjectRef } from '../../core/model/object-ref.js';
import { TidewayError } from '../../core/errors.js';
import type { AppIdentity } from '../target.js';
import { statusMessage, type RestClient } from './rest-client.js';
import { FIELD_MANAGER } from './server-side-apply.js';

export const INVENTORY_LABEL = 'tideway.dev/inventory';

/** The inventory lives in the cluster, beside what it lists, as a ConfigMap (as cli-utils does). */
export function inventoryName(app: string): string {
  return `tideway-inventory-${app}`;
}

function path(app: AppIdentity): string {
  const ns = encodeURIComponent(app.inventoryNamespace ?? 'default');
  return `/api/v1/namespaces/${ns}/configmaps/${inventoryName(app.name)}`;
}

export async function readInventory(client: RestClient, app: AppIdentity): Promise<Inventory | undefined> {
  const res = await client.request<{ data?: Record<string, string> }>('GET', path(app));
  if (res.status === 404) return undefined;
  if (res.status !== 200) throw new TidewayError('TargetUnavailable', `reading inventory of ${app.name}: ${statusMessage(res)}`);
  const data = res.body.data ?? {};
  let objects: ObjectRef[] = [];
  try {
    objects = JSON.parse(data.objects ?? '[]');
  } catch {
    objects = [];
  }
  return {
    app: app.name,
    revision: data.revision || undefined,
    ...(data.manager ? { manager: data.manager } : {}),
    objects,
  };
}

export async function writeInventory(client: RestClient, app: AppIdentity, inventory: Inventory): Promise<void> {
  const body = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: inventoryName(app.name), namespace: app.inventoryNamespace ?? 'default', labels: { [INVENTORY_LABEL]: app.name } },
    data: {
      app: app.name,
      revision: inventory.revision ?? '',
      manager: inventory.manager ?? '',
      objects: JSON.stringify(inventory.objects),
    },
  };
  const res = await client.request('PATCH', path(app), {
    query: { fieldManager: FIELD_MANAGER, force: 'true' },
    body,
    contentType: 'application/apply-patch+yaml',
  });
  if (res.status >= 300) throw new TidewayError('TargetUnavailable', `writing inventory of ${app.name}: ${statusMessage(res)}`);
}
