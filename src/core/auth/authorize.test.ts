import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { allows, allowsEverywhere, type AppAction, type AppScope, type Grant } from './authorize.js';

const web: AppScope = { name: 'web-frontend', namespace: 'web', cluster: 'prod' };
const db: AppScope = { name: 'db', namespace: 'data', cluster: 'prod' };
const edge: AppScope = { name: 'edge', cluster: 'host' };

const cases: Array<{ grants: Grant[]; action: AppAction; app: AppScope; allowed: boolean; why: string }> = [
  { grants: [], action: 'view', app: web, allowed: false, why: 'no grant allows nothing' },
  { grants: [{ role: 'viewer' }], action: 'view', app: db, allowed: true, why: 'an unscoped viewer sees every app' },
  { grants: [{ role: 'viewer' }], action: 'operate', app: db, allowed: false, why: 'a viewer cannot operate' },
  { grants: [{ role: 'operator', apps: ['web-*'] }], action: 'operate', app: web, allowed: true, why: 'a glob on the name' },
  { grants: [{ role: 'operator', apps: ['web-*'] }], action: 'view', app: db, allowed: false, why: 'the glob does not cover db' },
  { grants: [{ role: 'admin', namespaces: ['data'] }], action: 'operate', app: db, allowed: true, why: 'admin implies operator' },
  { grants: [{ role: 'admin', namespaces: ['data'] }], action: 'view', app: web, allowed: false, why: 'another namespace' },
  { grants: [{ role: 'viewer', clusters: ['host'] }], action: 'view', app: edge, allowed: true, why: 'the host cluster' },
  {
    grants: [{ role: 'viewer', namespaces: ['web'] }],
    action: 'view',
    app: edge,
    allowed: false,
    why: 'no namespace never matches a list',
  },
  {
    grants: [
      { role: 'viewer', apps: ['*'] },
      { role: 'operator', apps: ['db'], clusters: ['prod'] },
    ],
    action: 'operate',
    app: db,
    allowed: true,
    why: 'the grants add up',
  },
  {
    grants: [{ role: 'operator', apps: ['db'], clusters: ['staging'] }],
    action: 'operate',
    app: db,
    allowed: false,
    why: 'every selector must match',
  },
];

describe('allows', () => {
  for (const c of cases)
    test(`${c.why}: ${c.action} ${c.app.name} is ${c.allowed ? 'allowed' : 'refused'}`, () => {
      assert.equal(allows(c.grants, c.action, c.app), c.allowed);
    });
});

test('agent-wide rights need an unscoped grant of the role or a higher one', () => {
  assert.equal(allowsEverywhere([{ role: 'admin' }], 'admin'), true);
  assert.equal(allowsEverywhere([{ role: 'admin', apps: ['*'] }], 'admin'), false);
  assert.equal(allowsEverywhere([{ role: 'operator' }], 'admin'), false);
  assert.equal(allowsEverywhere([{ role: 'operator' }], 'viewer'), true);
});
