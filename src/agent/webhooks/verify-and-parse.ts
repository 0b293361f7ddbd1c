import {
  defaultMaxBodyBytes,
  WebhookPayloadError,
  type ProviderHandler,
  type WebhookOptions,
  type WebhookProvider,
  type WebhookRequest,
  type WebhookResult,
} from './webhook.js';
import { github } from './github.js';
import { gitlab } from './gitlab.js';
import { gitea } from './gitea.js';
import { forgejo } from './forgejo.js';
import { bitbucket } from './bitbucket.js';
import { generic } from './generic.js';
import { readJsonBody } from './read-body.js';

const handlers: Record<WebhookProvider, ProviderHandler> = { github, gitlab, gitea, forgejo, bitbucket, generic };

export const webhookProviders = Object.keys(handlers) as WebhookProvider[];

export function isWebhookProvider(name: string): name is WebhookProvider {
  return Object.hasOwn(handlers, name);
}

/**
 * Authenticates a webhook and reads the push it reports. In order: too large → 413; not authentic → 401
 * (nothing else is looked at); authentic but not a push → 202; malformed → 400. The secret and the
 * signature never appear in a reason.
 */
export function verifyAndParse(
  provider: WebhookProvider,
  request: WebhookRequest,
  secret: string,
  options: WebhookOptions = {},
): WebhookResult {
  const maxBodyBytes = options.maxBodyBytes ?? defaultMaxBodyBytes;
  if (request.body.length > maxBodyBytes) {
    return { ok: false, status: 413, reason: `body is ${request.body.length} bytes, more than the ${maxBodyBytes} allowed` };
  }
  if (!isWebhookProvider(provider)) return { ok: false, status: 400, reason: `unknown webhook provider ${JSON.stringify(provider)}` };
  const handler = handlers[provider];
  if (secret === '') return { ok: false, status: 401, reason: `no webhook secret is configured for ${provider}` };
  const unverified = handler.verify(request, secret);
  if (unverified) return { ok: false, status: 401, reason: unverified };
  const ignored = handler.ignoredEvent(request.headers);
  if (ignored) return { ok: false, status: 202, reason: ignored };
  try {
    const events = handler.parse(readJsonBody(request.body, request.headers['content-type']));
    if (events.length === 0) return { ok: false, status: 202, reason: 'the push changed no branch or tag: nothing to do' };
    return { ok: true, event: events[0], events };
  } catch (err) {
    if (err instanceof WebhookPayloadError) return { ok: false, status: 400, reason: err.message };
    throw err;
  }
}
