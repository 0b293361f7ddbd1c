import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { verifyAndParse } from './verify-and-parse.js';
import type { PushEvent, WebhookProvider } from './webhook.js';
import { fixture, providerCases } from './testdata/signed-requests.js';

const secret = 'whsec-7f3a9c1e5b2d4a60';
const otherSecret = 'whsec-0000000000000000';

/** Each provider's documented push, and what Tideway reads from it. */
const pushes: Record<WebhookProvider, { file: string; events: PushEvent[] }> = {
  github: {
    file: 'github-push.json',
    events: [
      {
        provider: 'github',
        repoURLs: [
          'https://github.com/acme/deploy',
          'https://github.com/acme/deploy.git',
          'git@github.com:acme/deploy.git',
          'git://github.com/acme/deploy.git',
        ],
        branch: 'main',
        after: '0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c',
        defaultBranch: 'main',
        changedFiles: ['apps/web/deployment.yaml', 'apps/api/configmap.yaml', 'apps/api/old-job.yaml'],
        pusher: 'ada',
      },
    ],
  },
  gitlab: {
    file: 'gitlab-push.json',
    events: [
      {
        provider: 'gitlab',
        repoURLs: [
          'https://gitlab.example.com/platform/deploy',
          'https://gitlab.example.com/platform/deploy.git',
          'ssh://git@gitlab.example.com:2222/platform/deploy.git',
        ],
        branch: 'release',
        after: 'da1560886d4f094c3e6c9ef40349f7d38b5d27d7',
        defaultBranch: 'main',
        changedFiles: ['clusters/prod/ingress.yaml', 'clusters/prod/kustomization.yaml', 'README.md'],
        pusher: 'jsmith',
      },
    ],
  },
  gitea: { file: 'gitea-push.json', events: [giteaEvent('gitea')] },
  forgejo: { file: 'gitea-push.json', events: [giteaEvent('forgejo')] },
  bitbucket: {
    file: 'bitbucket-push.json',
    events: [
      {
        provider: 'bitbucket',
        repoURLs: ['https://bitbucket.org/acme/infra'],
        branch: 'main',
        after: '709d658dc5b6d6afcd46049c2f332ee3f515a67d',
        pusher: 'linus',
      },
      {
        provider: 'bitbucket',
        repoURLs: ['https://bitbucket.org/acme/infra'],
        tag: 'v2.0.1',
        after: '709d658dc5b6d6afcd46049c2f332ee3f515a67d',
        pusher: 'linus',
      },
    ],
  },
  generic: {
    file: 'generic-push.json',
    events: [
      {
        provider: 'generic',
        repoURLs: ['https://git.internal.example/platform/config.git'],
        branch: 'main',
        after: '4b825dc642cb6eb9a060e54bf8d69288fbee4904',
        changedFiles: ['envs/staging/values.yaml'],
      },
    ],
  },
};

function giteaEvent(provider: 'gitea' | 'forgejo'): PushEvent {
  return {
    provider,
    repoURLs: ['https://git.example.org/ops/fleet', 'https://git.example.org/ops/fleet.git', 'git@git.example.org:ops/fleet.git'],
    branch: 'main',
    after: 'bffeb74224043ba2feb48d137756c8a9331c449a',
    defaultBranch: 'main',
    changedFiles: ['cache/redis.yaml'],
    pusher: 'grace',
  };
}

/** A rejection whose reason gives away neither the secret nor the proof that was sent. */
function assertRejected(result: ReturnType<typeof verifyAndParse>, status: number, proof?: string): void {
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.equal(result.status, status, result.reason);
  assert.ok(result.reason.length > 0);
  assert.ok(!result.reason.includes(secret), 'reason names the secret');
  if (proof) assert.ok(!result.reason.includes(proof), 'reason names the signature or token');
}

for (const c of providerCases) {
  const { file, events } = pushes[c.provider];
  const body = fixture(file);

  describe(`${c.provider} webhooks`, () => {
    test('a correctly signed push is accepted and read', () => {
      const result = verifyAndParse(c.provider, { headers: c.push(body, secret), body }, secret);
      assert.deepEqual(result, { ok: true, event: events[0], events });
    });

    test('a push signed with another secret is refused with 401', () => {
      const headers = c.push(body, otherSecret);
      assertRejected(verifyAndParse(c.provider, { headers, body }, secret), 401, headers[c.proofHeader]);
    });

    test('a push whose body was changed after signing is refused with 401', () => {
      const headers = c.push(body, secret);
      const tampered = Buffer.from(body.toString('utf8').replace(/"main"/, '"evil"'));
      assert.notDeepEqual(tampered, body);
      const result = verifyAndParse(c.provider, { headers, body: tampered }, secret);
      // GitLab's token does not cover the body: it is a shared secret, not a signature.
      if (c.provider === 'gitlab') assert.equal(result.ok, true);
      else assertRejected(result, 401, headers[c.proofHeader]);
    });

    test('a push without the proof header is refused with 401', () => {
      const headers = c.push(body, secret);
      const proof = headers[c.proofHeader];
      delete headers[c.proofHeader];
      assertRejected(verifyAndParse(c.provider, { headers, body }, secret), 401, proof);
    });

    test('a proof of another length is refused with 401', () => {
      const headers = c.push(body, secret);
      headers[c.proofHeader] = headers[c.proofHeader].slice(0, -6);
      assertRejected(verifyAndParse(c.provider, { headers, body }, secret), 401, headers[c.proofHeader]);
    });

    test('an unverified request is refused with 401 before its body is read', () => {
      const garbage = Buffer.from('{not json');
      assertRejected(verifyAndParse(c.provider, { headers: c.push(garbage, otherSecret), body: garbage }, secret), 401);
    });

    test('a receiver with no secret configured refuses everything with 401', () => {
      assertRejected(verifyAndParse(c.provider, { headers: c.push(body, ''), body }, ''), 401);
    });

    test('a body over the limit is refused with 413', () => {
      const big = Buffer.alloc(1024 * 1024 + 1, 0x20);
      assertRejected(verifyAndParse(c.provider, { headers: c.push(big, secret), body: big }, secret), 413);
      assertRejected(verifyAndParse(c.provider, { headers: c.push(body, secret), body }, secret, { maxBodyBytes: 100 }), 413);
    });

    test('a correctly signed body that is not JSON is refused with 400', () => {
      const garbage = Buffer.from('{not json');
      assertRejected(verifyAndParse(c.provider, { headers: c.push(garbage, secret), body: garbage }, secret), 400);
    });

    if (c.other) {
      const other = c.other;
      test('an authentic event that is not a push is acknowledged with 202 and ignored', () => {
        const ping = c.provider === 'github' ? fixture('github-ping.json') : body;
        assertRejected(verifyAndParse(c.provider, { headers: other(ping, secret), body: ping }, secret), 202);
      });

      test('a non-push event with a bad proof is still refused with 401', () => {
        const headers = other(body, otherSecret);
        assertRejected(verifyAndParse(c.provider, { headers, body }, secret), 401, headers[c.proofHeader]);
      });
    }
  });
}

test('an unknown provider is refused with 400', () => {
  const body = fixture('generic-push.json');
  assertRejected(verifyAndParse('gitbucket' as WebhookProvider, { headers: {}, body }, secret), 400);
});
