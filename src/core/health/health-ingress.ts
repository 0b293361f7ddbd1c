/** Ingress health, as Argo CD judges it: Healthy once the controller publishes an address, else Progressing. */
import type { Manifest } from '../model/manifest.js';
import type { HealthStatus } from './health-status.js';
import { loadBalancerAddresses } from './load-balancer.js';

export function ingressHealth(object: Manifest): HealthStatus {
  const addresses = loadBalancerAddresses(object);
  if (addresses.length === 0) return { status: 'Progressing', message: 'Waiting for the ingress controller to publish an address' };
  return { status: 'Healthy', message: `Ingress at ${addresses.join(', ')}` };
}
