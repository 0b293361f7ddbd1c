import type { ProviderHandler, WebhookProvider } from './webhook.js';
import { checkHmacHeader } from './constant-time.js';
import {
  afterCommit,
  changedFilesOf,
  distinctTexts,
  isZeroSha,
  objectAt,
  optionalObject,
  pushEvent,
  refTarget,
  requiredText,
  text,
} from './payload.js';

/**
 * Gitea and its fork Forgejo share one push payload (GitHub-like) and sign the body with a bare hex
 * HMAC-SHA256. They differ in header names only.
 * https://docs.gitea.com/usage/webhooks  https://forgejo.org/docs/latest/user/webhooks/
 */
export function giteaLike(provider: WebhookProvider, headers: { signature: string[]; event: string[] }): ProviderHandler {
  return {
    provider,
    verify(request, secret) {
      const header = headers.signature.find((h) => request.headers[h]) ?? headers.signature[0];
      return checkHmacHeader(request, secret, header, '');
    },
    ignoredEvent(received) {
      const header = headers.event.find((h) => received[h]);
      const event = header && received[header];
      if (event === 'push') return undefined;
      return event ? `${event} event is not a push: nothing to do` : `no ${headers.event[0]} header: nothing to do`;
    },
    parse(payload) {
      const body = objectAt(payload, 'body');
      const target = refTarget(requiredText(body.ref, 'ref'));
      if (!target) return [];
      const repository = objectAt(body.repository, 'repository');
      const commits = Array.isArray(body.commits) ? body.commits : [];
      const total = typeof body.total_commits === 'number' ? body.total_commits : commits.length;
      const complete = !isZeroSha(text(body.before)) && total <= commits.length;
      const pusher = optionalObject(body.pusher);
      return [
        pushEvent({
          provider,
          repoURLs: distinctTexts([repository.html_url, repository.clone_url, repository.ssh_url]),
          ...target,
          ...afterCommit(body.after),
          defaultBranch: text(repository.default_branch),
          changedFiles: changedFilesOf(body.commits, complete),
          pusher: text(pusher?.login) ?? text(pusher?.username),
        }),
      ];
    },
  };
}

/** Gitea: `X-Gitea-Signature: <hex>`, the event in `X-Gitea-Event`. */
export const gitea = giteaLike('gitea', { signature: ['x-gitea-signature'], event: ['x-gitea-event'] });
