export { aggregateHealth, worseOf, type HealthCode, type HealthStatus } from './health-status.js';
export {
  builtinHealthChecks,
  findHealthCheck,
  healthOf,
  registerHealth,
  withHealthChecks,
  type HealthCheck,
  type HealthCheckEntry,
  type HealthTable,
} from './health-of.js';
export { missingHealth } from './missing-health.js';
export { genericHealth } from './health-generic.js';
export { conditionsOf, findCondition, type Condition } from './conditions.js';
export { statuslessHealth } from './health-statusless.js';
export { expectsStatus } from './status-expected.js';
