import type { ProviderHandler } from './webhook.js';
import { constantTimeEqual } from './constant-time.js';
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

const pushEvents = new Set(['Push Hook', 'Tag Push Hook']);

/**
 * GitLab: the secret itself in `X-Gitlab-Token`, the event in `X-Gitlab-Event` (`Push Hook`, `Tag Push Hook`).
 * GitLab lists at most 20 commits and says how many there were in `total_commits_count`.
 * https://docs.gitlab.com/user/project/integrations/webhook_events/#push-events
 */
export const gitlab: ProviderHandler = {
  provider: 'gitlab',
  verify(request, secret) {
    const token = request.headers['x-gitlab-token'];
    if (token === undefined || token === '') return 'missing X-Gitlab-Token header';
    return constantTimeEqual(token, secret) ? undefined : 'X-Gitlab-Token does not match';
  },
  ignoredEvent(headers) {
    const event = headers['x-gitlab-event'];
    if (event !== undefined && pushEvents.has(event)) return undefined;
    return event ? `${event} is not a push: nothing to do` : 'no X-Gitlab-Event header: nothing to do';
  },
  parse(payload) {
    const body = objectAt(payload, 'body');
    const target = refTarget(requiredText(body.ref, 'ref'));
    if (!target) return [];
    const project = optionalObject(body.project) ?? {};
    const repository = optionalObject(body.repository) ?? {};
    const commits = Array.isArray(body.commits) ? body.commits : [];
    const total = typeof body.total_commits_count === 'number' ? body.total_commits_count : commits.length;
    const complete = !isZeroSha(text(body.before)) && total <= commits.length;
    return [
      pushEvent({
        provider: 'gitlab',
        repoURLs: distinctTexts([
          project.web_url,
          project.git_http_url,
          project.git_ssh_url,
          project.http_url,
          project.ssh_url,
          repository.homepage,
          repository.git_http_url,
          repository.git_ssh_url,
          repository.url,
        ]),
        ...target,
        ...afterCommit(body.after),
        defaultBranch: text(project.default_branch),
        changedFiles: changedFilesOf(body.commits, complete),
        pusher: text(body.user_username) ?? text(body.user_name),
      }),
    ];
  },
};
