export { createApiApp, apiBasePath, type ApiOptions } from './create-api-app.js';
export { serveApi, type ServeOptions, type ServedApi } from './serve.js';
export type { RollbackOptions } from './rollback-body.js';
