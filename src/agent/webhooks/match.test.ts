import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { matchesApp, type WatchedSource } from './match.js';
import { normalizeRepoURL, sameRepository } from './repo-url.js';
import type { PushEvent } from './webhook.js';

const load = <T>(name: string): T => parse(readFileSync(new URL(`testdata/${name}`, import.meta.url), 'utf8')) as T;

describe('repository URLs', () => {
  for (const { url, normalized } of load<{ url: string; normalized: string | null }[]>('repo-url-cases.yaml')) {
    test(`${JSON.stringify(url)} reduces to ${normalized}`, () => {
      assert.equal(normalizeRepoURL(url), normalized ?? undefined);
    });
  }

  test('two URLs that are not repositories are not the same repository', () => {
    assert.equal(sameRepository('not a url', 'not a url'), false);
  });
});

describe('matching a push to an app', () => {
  const cases = load<{ name: string; event: Omit<PushEvent, 'provider'>; app: WatchedSource; matches: boolean }[]>('match-cases.yaml');
  assert.ok(cases.length > 20);
  for (const { name, event, app, matches } of cases) {
    test(`${name}: ${matches ? 'matches' : 'does not match'}`, () => {
      assert.equal(matchesApp({ provider: 'generic', ...event }, app), matches);
    });
  }
});
