/** `tideway up`: GitOps without a cluster, in one command. See README.md in this folder. */
export { startQuickstart, repoApplication, hostLogsDir, type Quickstart, type QuickstartDeps } from './run-quickstart.js';
export {
  resolveUpOptions,
  QUICKSTART_APP,
  DEFAULT_API_PORT,
  DEFAULT_SERVICE_PORT,
  type UpOptions,
  type ResolvedUpOptions,
} from './up-options.js';
export {
  ensureExampleRepo,
  withServicePort,
  EXAMPLE_TEMPLATES_DIR,
  EXAMPLE_CONFIG_MANIFEST,
  EXAMPLE_CONFIG_HOST_PATH,
  EXAMPLE_GREETING,
  type ExampleRepo,
} from './example-repo.js';
export { formatReady, type ReadyReport } from './next-steps.js';
export { cliInvocation, displayPath, shellDirectory } from './invocation.js';
export { allowRootFromEnv, assertRootAllowed, ALLOW_ROOT_ENV } from './preflight.js';
export { serviceEndpoints, type ServiceEndpoint } from './service-endpoints.js';
export { QuickstartError } from './quickstart-error.js';
