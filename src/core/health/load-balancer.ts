/** The addresses a load balancer published in `status.loadBalancer.ingress` (Service and Ingress). */
import type { Manifest } from '../model/manifest.js';
import { list, record, statusOf, str } from './status-fields.js';

export function loadBalancerAddresses(object: Manifest): string[] {
  return list(record(statusOf(object).loadBalancer)?.ingress).flatMap((item) => {
    const entry = record(item);
    const address = str(entry?.hostname) ?? str(entry?.ip);
    return entry ? [address ?? '(unnamed)'] : [];
  });
}
