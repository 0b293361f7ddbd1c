import { test } from 'node:test';
import assert from 'node:assert/strict';
import { verifyAndParse } from './verify-and-parse.js';
import type { WebhookProvider, WebhookResult } from './webhook.js';
import { fixtureJson, signedPush } from './testdata/signed-requests.js';

const secret = 'whsec-variants';

function send(provider: WebhookProvider, payload: unknown, headers: Record<string, string> = {}): WebhookResult {
  const body = Buffer.from(JSON.stringify(payload));
  const request = signedPush(provider, body, secret);
  return verifyAndParse(provider, { ...request, headers: { ...request.headers, ...headers } }, secret);
}

function event(result: WebhookResult) {
  assert.ok(result.ok, result.ok ? '' : `${result.status} ${result.reason}`);
  return result.event;
}

function status(result: WebhookResult): number {
  return result.ok ? 200 : result.status;
}

const github = () => fixtureJson('github-push.json');
const gitlab = () => fixtureJson('gitlab-push.json');
const gitea = () => fixtureJson('gitea-push.json');
const bitbucket = () => fixtureJson('bitbucket-push.json');

test('a GitHub push sent form-encoded is read from its payload field', () => {
  const payload = JSON.stringify(github());
  const body = Buffer.from(new URLSearchParams({ payload }).toString());
  const request = signedPush('github', body, secret);
  request.headers['content-type'] = 'application/x-www-form-urlencoded';
  assert.equal(event(verifyAndParse('github', request, secret)).branch, 'main');
});

test('a GitHub tag push names the tag and no branch', () => {
  const e = event(send('github', { ...github(), ref: 'refs/tags/v1.2.0' }));
  assert.equal(e.tag, 'v1.2.0');
  assert.equal(e.branch, undefined);
});

const unknownFiles: [string, Record<string, unknown>][] = [
  ['force-pushed', { forced: true }],
  ['newly created', { created: true }],
  ['with no commits listed', { commits: [] }],
  ['with a commit that lists no files', { commits: [{ id: 'abc', message: 'x' }] }],
  [
    'with the 2048 commits GitHub lists at most',
    { commits: Array.from({ length: 2048 }, () => ({ added: [], modified: ['a'], removed: [] })) },
  ],
];
for (const [name, change] of unknownFiles) {
  test(`a GitHub push ${name} leaves its changed files unknown`, () => {
    assert.equal(event(send('github', { ...github(), ...change })).changedFiles, undefined);
  });
}

test('a GitHub push that deletes a branch says so and names no commit', () => {
  const e = event(send('github', { ...github(), deleted: true, after: '0'.repeat(40), commits: [], head_commit: null }));
  assert.equal(e.deleted, true);
  assert.equal(e.after, undefined);
  assert.equal(e.branch, 'main');
});

test('a push to a ref that is neither branch nor tag is acknowledged with 202', () => {
  assert.equal(status(send('github', { ...github(), ref: 'refs/notes/commits' })), 202);
  assert.equal(status(send('gitea', { ...gitea(), ref: 'refs/pull/3/head' }, { 'x-gitea-event': 'push' })), 202);
});

test('a GitLab tag push names the tag, the default branch, and no files', () => {
  const body = fixtureJson('gitlab-tag-push.json');
  const e = event(send('gitlab', body, { 'x-gitlab-event': 'Tag Push Hook' }));
  assert.equal(e.tag, 'v1.4.0');
  assert.equal(e.after, '82b3d5ae55f7080f1e6022629cdb57bfae7cccc7');
  assert.equal(e.changedFiles, undefined);
});

test('a GitLab push with more commits than it lists leaves its changed files unknown', () => {
  assert.equal(event(send('gitlab', { ...gitlab(), total_commits_count: 25 })).changedFiles, undefined);
});

test('a GitLab push creating a branch leaves its changed files unknown', () => {
  assert.equal(event(send('gitlab', { ...gitlab(), before: '0'.repeat(40) })).changedFiles, undefined);
});

test('a Gitea push with more commits than it lists leaves its changed files unknown', () => {
  assert.equal(event(send('gitea', { ...gitea(), total_commits: 40 })).changedFiles, undefined);
});

test('a Forgejo push carrying only the Gitea header names is accepted', () => {
  const body = Buffer.from(JSON.stringify(gitea()));
  const gitStyle = signedPush('gitea', body, secret);
  assert.equal(event(verifyAndParse('forgejo', gitStyle, secret)).provider, 'forgejo');
});

test('a Bitbucket push that deletes a branch reports it deleted', () => {
  const payload = bitbucket();
  payload.push.changes = [{ old: payload.push.changes[0].old, new: null, closed: true, created: false, forced: false, commits: [] }];
  const result = send('bitbucket', payload);
  assert.ok(result.ok);
  assert.deepEqual(result.events, [
    { provider: 'bitbucket', repoURLs: ['https://bitbucket.org/acme/infra'], branch: 'main', deleted: true, pusher: 'linus' },
  ]);
});

test('a Bitbucket push with no branch or tag change is acknowledged with 202', () => {
  const payload = bitbucket();
  payload.push.changes = [];
  assert.equal(status(send('bitbucket', payload)), 202);
});

const malformed: [WebhookProvider, string, unknown][] = [
  ['github', 'a payload that is a list', []],
  ['github', 'a push with no ref', { ...github(), ref: undefined }],
  ['github', 'a push with no repository', { ...github(), repository: undefined }],
  ['github', 'a push whose repository has no URL', { ...github(), repository: { name: 'deploy' } }],
  ['gitlab', 'a push with no project or repository', { ...gitlab(), project: undefined, repository: undefined }],
  ['bitbucket', 'a push with no push.changes', { ...bitbucket(), push: {} }],
  ['generic', 'a generic push with no repoURL', { branch: 'main' }],
  ['generic', 'a generic push with paths that are not strings', { repoURL: 'https://h/r', paths: [1, 2] }],
  ['generic', 'a generic push with a numeric branch', { repoURL: 'https://h/r', branch: 7 }],
];
for (const [provider, name, payload] of malformed) {
  test(`${name} (${provider}) is refused with 400`, () => {
    assert.equal(status(send(provider, payload)), 400);
  });
}

test('a generic push without branch or paths names only the repository', () => {
  assert.deepEqual(event(send('generic', { repoURL: 'git@h.example:team/repo.git' })), {
    provider: 'generic',
    repoURLs: ['git@h.example:team/repo.git'],
  });
});
