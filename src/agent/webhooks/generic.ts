import type { ProviderHandler } from './webhook.js';
import { WebhookPayloadError } from './webhook.js';
import { checkHmacHeader } from './constant-time.js';
import { objectAt, pushEvent, requiredText, text } from './payload.js';

/**
 * Any other sender (a CI job, a script): `X-Tideway-Signature: sha256=<hex HMAC-SHA256 of the body>` over
 * `{ "repoURL": "...", "branch"?: "...", "tag"?: "...", "revision"?: "<sha>", "paths"?: ["..."] }`.
 * Without branch or tag it means "something in this repository changed"; without paths, "any file".
 */
export const generic: ProviderHandler = {
  provider: 'generic',
  verify: (request, secret) => checkHmacHeader(request, secret, 'x-tideway-signature', 'sha256='),
  ignoredEvent: () => undefined,
  parse(payload) {
    const body = objectAt(payload, 'body');
    const paths = body.paths;
    if (paths !== undefined && !(Array.isArray(paths) && paths.every((p) => typeof p === 'string'))) {
      throw new WebhookPayloadError('payload paths must be a list of strings');
    }
    for (const field of ['branch', 'tag', 'revision'] as const) {
      if (body[field] !== undefined && typeof body[field] !== 'string') {
        throw new WebhookPayloadError(`payload ${field} must be a string`);
      }
    }
    return [
      pushEvent({
        provider: 'generic',
        repoURLs: [requiredText(body.repoURL, 'repoURL')],
        branch: text(body.branch),
        tag: text(body.tag),
        after: text(body.revision),
        changedFiles: paths as string[] | undefined,
      }),
    ];
  },
};
