/** Health of an object that should exist (it is in Git) but is not in the live state. */
import type { HealthStatus } from './health-status.js';
import { refString, type ObjectRef } from '../model/object-ref.js';

export function missingHealth(ref?: ObjectRef): HealthStatus {
  return { status: 'Missing', message: ref ? `${refString(ref)} does not exist` : 'Object does not exist' };
}
