export { celHealthChecks, HEALTH_EXPR_VARIABLES, type CelHealthOptions } from './cel-health-checks.js';
export { celChecksFromText, loadCelHealthChecks, type CelHealthCheckFile } from './load-cel-checks.js';
