export type { PushEvent, WebhookProvider, WebhookRequest, WebhookResult, WebhookOptions, WebhookRejectionStatus } from './webhook.js';
export { defaultMaxBodyBytes } from './webhook.js';
export { verifyAndParse, isWebhookProvider, webhookProviders } from './verify-and-parse.js';
export { matchesApp, type WatchedSource } from './match.js';
export { normalizeRepoURL, sameRepository } from './repo-url.js';
