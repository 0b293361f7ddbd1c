import type { Principal } from '../../auth/auth-service.js';

/** What the API's middleware leaves on a request's context for the routes: the authenticated principal. */
export type ApiEnv = { Variables: { principal: Principal } };
