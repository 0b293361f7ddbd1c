import type { ProviderHandler, PushEvent } from './webhook.js';
import { checkHmacHeader } from './constant-time.js';
import { isObject, objectAt, optionalObject, pushEvent, text } from './payload.js';

/**
 * Bitbucket Cloud: `X-Hub-Signature: sha256=<hex HMAC-SHA256 of the body>` (SHA-256 despite GitHub's use of
 * that header for SHA-1), the event in `X-Event-Key` (`repo:push`). A push reports each changed ref in
 * `push.changes[]` (`new` is null when the ref was deleted) and lists no files.
 * https://support.atlassian.com/bitbucket-cloud/docs/event-payloads/#Push
 */
export const bitbucket: ProviderHandler = {
  provider: 'bitbucket',
  verify: (request, secret) => checkHmacHeader(request, secret, 'x-hub-signature', 'sha256='),
  ignoredEvent(headers) {
    const event = headers['x-event-key'];
    if (event === 'repo:push') return undefined;
    return event ? `${event} is not a push: nothing to do` : 'no X-Event-Key header: nothing to do';
  },
  parse(payload) {
    const body = objectAt(payload, 'body');
    const push = objectAt(body.push, 'push');
    if (!Array.isArray(push.changes)) objectAt(push.changes, 'push.changes');
    const repository = objectAt(body.repository, 'repository');
    const web = text(optionalObject(optionalObject(repository.links)?.html)?.href);
    const actor = optionalObject(body.actor);
    const pusher = text(actor?.nickname) ?? text(actor?.display_name);
    const events: PushEvent[] = [];
    for (const change of push.changes as unknown[]) {
      if (!isObject(change)) continue;
      const ref = optionalObject(change.new) ?? optionalObject(change.old);
      const name = text(ref?.name);
      const kind = ref?.type === 'branch' || ref?.type === 'named_branch' ? 'branch' : ref?.type === 'tag' ? 'tag' : undefined;
      if (!name || !kind) continue;
      const deleted = !isObject(change.new) || change.closed === true;
      events.push(
        pushEvent({
          provider: 'bitbucket',
          repoURLs: web ? [web] : [],
          [kind]: name,
          ...(deleted ? { deleted: true } : { after: text(optionalObject(optionalObject(change.new)?.target)?.hash) }),
          pusher,
        }),
      );
    }
    return events;
  },
};
