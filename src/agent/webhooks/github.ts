import type { ProviderHandler } from './webhook.js';
import { checkHmacHeader } from './constant-time.js';
import {
  afterCommit,
  changedFilesOf,
  distinctTexts,
  objectAt,
  optionalObject,
  pushEvent,
  refTarget,
  requiredText,
  text,
} from './payload.js';

/** GitHub lists at most this many commits in a push payload; a list that long may be cut short. */
const maxListedCommits = 2048;

/**
 * GitHub: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>`, the event in `X-GitHub-Event`.
 * https://docs.github.com/en/webhooks/webhook-events-and-payloads#push
 */
export const github: ProviderHandler = {
  provider: 'github',
  verify: (request, secret) => checkHmacHeader(request, secret, 'x-hub-signature-256', 'sha256='),
  ignoredEvent(headers) {
    const event = headers['x-github-event'];
    if (event === 'push') return undefined;
    if (event === 'ping') return 'ping event: the webhook is set up, nothing to do';
    return event ? `${event} event is not a push: nothing to do` : 'no X-GitHub-Event header: nothing to do';
  },
  parse(payload) {
    const body = objectAt(payload, 'body');
    const target = refTarget(requiredText(body.ref, 'ref'));
    if (!target) return [];
    const repository = objectAt(body.repository, 'repository');
    // A created, deleted or force-pushed ref changes more than its listed commits show.
    const complete =
      body.created !== true &&
      body.deleted !== true &&
      body.forced !== true &&
      Array.isArray(body.commits) &&
      body.commits.length < maxListedCommits;
    return [
      pushEvent({
        provider: 'github',
        repoURLs: distinctTexts([repository.html_url, repository.clone_url, repository.ssh_url, repository.git_url]),
        ...target,
        ...afterCommit(body.after, body.deleted === true),
        defaultBranch: text(repository.default_branch),
        changedFiles: changedFilesOf(body.commits, complete),
        pusher: text(optionalObject(body.pusher)?.name) ?? text(optionalObject(body.sender)?.login),
      }),
    ];
  },
};
