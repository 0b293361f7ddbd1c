/**
 * Where an app's host Services answer: one URL per replica of every Service with an HTTP readiness
 * probe (its port for that replica, at `/`). Pure.
 */
import type { Manifest } from '../core/model/manifest.js';
import { HOST_GROUP } from '../target/host/host-kinds.js';
import { resolvePort } from '../target/host/replica-template.js';
import { validateService } from '../target/host/validate.js';

export interface ServiceEndpoint {
  service: string;
  replica: number;
  url: string;
}

export function serviceEndpoints(objects: Manifest[]): ServiceEndpoint[] {
  const out: ServiceEndpoint[] = [];
  for (const object of objects) {
    if (object.kind !== 'Service' || !object.apiVersion.startsWith(`${HOST_GROUP}/`)) continue;
    const result = validateService(object);
    if (!result.ok) continue;
    const action = result.value.readinessProbe?.action;
    if (action?.type !== 'http') continue;
    const host = action.host.includes(':') ? `[${action.host}]` : action.host;
    for (let replica = 0; replica < result.value.replicas; replica++) {
      out.push({ service: result.value.name, replica, url: `http://${host}:${resolvePort(action.port, replica)}/` });
    }
  }
  return out;
}
