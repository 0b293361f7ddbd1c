import { WebhookPayloadError } from './webhook.js';

/**
 * The JSON a webhook carries: the body itself, or its `payload` field when sent as
 * `application/x-www-form-urlencoded` (GitHub and Gitea offer that content type).
 */
export function readJsonBody(body: Buffer, contentType: string | undefined): unknown {
  let json = body.toString('utf8');
  if (contentType?.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    const payload = new URLSearchParams(json).get('payload');
    if (payload === null) throw new WebhookPayloadError('form body has no payload field');
    json = payload;
  }
  try {
    return JSON.parse(json);
  } catch {
    throw new WebhookPayloadError('body is not valid JSON');
  }
}
