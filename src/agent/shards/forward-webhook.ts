import type { WebhookForward } from '../../core/shards/index.js';
import type { WebhookProvider, WebhookRequest } from '../webhooks/index.js';

/** Marks a webhook one replica passed on to another: the receiver never forwards it again. */
export const FORWARDED_BY_HEADER = 'x-tideway-forwarded-by';

/** Headers of one hop, not of the request: never copied to the forwarded request. */
const HOP_HEADERS = new Set([
  'host',
  'content-length',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'expect',
  'proxy-authorization',
  'proxy-connection',
  FORWARDED_BY_HEADER,
]);

export interface ForwardOutcome {
  owner: string;
  apps: string[];
  /** The owner's answer (202 when it accepted); absent when no answer came. */
  status?: number;
  error?: string;
}

/**
 * Passes the original signed webhook on to the replica owning some of its apps: the raw body and
 * the provider's headers (signature, token, event) verbatim to `<url>/webhooks/<provider>`, marked
 * with `X-Tideway-Forwarded-By`. The owner verifies the signature itself, as for any webhook: the
 * forward adds no trust. Bounded by `timeoutMs`; never throws (a failure is returned, to be logged).
 */
export async function forwardWebhook(
  forward: WebhookForward,
  provider: WebhookProvider,
  request: WebhookRequest,
  self: string,
  timeoutMs = 5000,
): Promise<ForwardOutcome> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers))
    if (value !== undefined && !HOP_HEADERS.has(name.toLowerCase())) headers[name] = value;
  headers[FORWARDED_BY_HEADER] = self;
  const url = `${forward.url.replace(/\/+$/, '')}/webhooks/${provider}`;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers,
      body: new Uint8Array(request.body),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
    await res.arrayBuffer().catch(() => undefined);
    const outcome: ForwardOutcome = { owner: forward.owner, apps: forward.apps, status: res.status };
    return res.status >= 200 && res.status < 300 ? outcome : { ...outcome, error: `${url} answered ${res.status}` };
  } catch (error) {
    const e = error as Error & { cause?: { code?: string; message?: string } };
    const why = e.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (e.cause?.code ?? e.cause?.message ?? e.message);
    return { owner: forward.owner, apps: forward.apps, error: `${url}: ${why}` };
  }
}
