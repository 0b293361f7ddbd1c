import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveAuthConfig } from './auth-config.js';

const hash = 'scrypt$15$8$1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g';

test('a full config resolves, with defaults, and the client secret from the environment', () => {
  const config = resolveAuthConfig(
    {
      users: [{ name: 'alice', passwordHash: hash, grants: [{ role: 'operator', apps: ['web-*'], clusters: ['prod'] }] }],
      oidc: { issuer: 'https://id.example.com', clientId: 'tideway', groups: [{ group: 'ops', grants: [{ role: 'admin' }] }] },
      sessionTtl: '8h',
    },
    'auth.yaml',
    { TIDEWAY_OIDC_CLIENT_SECRET: 's3cret' },
  );
  assert.deepEqual(config.users, [
    { name: 'alice', passwordHash: hash, grants: [{ role: 'operator', apps: ['web-*'], clusters: ['prod'] }] },
  ]);
  assert.equal(config.sessionTtlMs, 8 * 3_600_000);
  assert.equal(config.oidc?.clientSecret, 's3cret');
  assert.deepEqual(config.oidc?.scopes, ['openid', 'profile', 'email', 'groups']);
  assert.equal(config.oidc?.usernameClaim, 'preferred_username');
});

const bad: Array<[string, unknown, RegExp]> = [
  [
    'an unknown role',
    { users: [{ name: 'a', grants: [{ role: 'root' }] }] },
    /: auth\.yaml: users\[0\]\.grants\[0\]\.role: must be one of viewer, operator, admin$/,
  ],
  [
    'a password in the file',
    { users: [{ name: 'a', password: 'x' }] },
    /: auth\.yaml: users\[0\]\.password: passwords are never written in the file/,
  ],
  [
    'the client secret in the file',
    { oidc: { issuer: 'https://x', clientId: 'c', clientSecret: 'x' } },
    /: auth\.yaml: oidc\.clientSecret: secrets are never written in the file/,
  ],
  ['admin redefined', { users: [{ name: 'admin' }] }, /: auth\.yaml: users\[0\]\.name: the user admin is built in/],
  ['a user twice', { users: [{ name: 'a' }, { name: 'a' }] }, /: auth\.yaml: users\[1\]\.name: "a" is listed twice/],
  ['an unknown field', { users: [{ name: 'a', role: 'admin' }] }, /: auth\.yaml: users\[0\]\.role: unknown field/],
  [
    'an empty selector list',
    { users: [{ name: 'a', grants: [{ role: 'viewer', apps: [] }] }] },
    /: auth\.yaml: users\[0\]\.grants\[0\]\.apps: must be a non-empty list/,
  ],
  [
    'an issuer that is not a URL',
    { oidc: { issuer: 'id.example.com', clientId: 'c' } },
    /: auth\.yaml: oidc\.issuer: must be an http\(s\) URL/,
  ],
  [
    'scopes without openid',
    { oidc: { issuer: 'https://x', clientId: 'c', scopes: ['profile'] } },
    /: auth\.yaml: oidc\.scopes: must include openid/,
  ],
  [
    'a hash of another kind',
    { users: [{ name: 'a', passwordHash: '$2b$10$abc' }] },
    /: auth\.yaml: users\[0\]\.passwordHash: must be a scrypt\$ hash/,
  ],
  ['a session lifetime that is not a duration', { sessionTtl: 'a day' }, /sessionTtl: "a day" is not a duration/],
];
for (const [what, raw, message] of bad) {
  test(`${what} is refused, naming the file and the field`, () => {
    assert.throws(() => resolveAuthConfig(raw, 'auth.yaml', {}), message);
  });
}

test('an empty file is the admin alone', () => {
  assert.deepEqual(resolveAuthConfig(null, 'auth.yaml', {}).users, []);
});
