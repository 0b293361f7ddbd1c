/** Service health: a LoadBalancer Service is Progressing until an address is published; other types are Healthy. */
import type { Manifest } from '../model/manifest.js';
import type { HealthStatus } from './health-status.js';
import { loadBalancerAddresses } from './load-balancer.js';
import { specOf, str } from './status-fields.js';

export function serviceHealth(object: Manifest): HealthStatus {
  const type = str(specOf(object).type) ?? 'ClusterIP';
  if (type !== 'LoadBalancer') return { status: 'Healthy', message: `${type} service` };
  const addresses = loadBalancerAddresses(object);
  if (addresses.length === 0) return { status: 'Progressing', message: 'Waiting for the load balancer address' };
  return { status: 'Healthy', message: `Load balancer at ${addresses.join(', ')}` };
}
