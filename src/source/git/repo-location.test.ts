import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { SourceError } from '../../core/errors.js';
import { parseRepoLocation } from './repo-location.js';

interface Fixture {
  accepted: Array<{ url: string; transport: string; fetchURL: string; normalized: string; display?: string; userinfo?: object }>;
  refused: Array<{ url: string; because: string }>;
}
const fixture = parse(readFileSync(new URL('./testdata/repo-urls.yaml', import.meta.url), 'utf8')) as Fixture;

describe('parseRepoLocation', () => {
  for (const c of fixture.accepted) {
    test(`accepts ${c.url} as ${c.transport}`, () => {
      const location = parseRepoLocation(c.url, undefined, '/work');
      assert.equal(location.transport, c.transport);
      assert.equal(location.fetchURL, c.fetchURL);
      assert.equal(location.normalized, c.normalized);
      assert.equal(location.display, c.display ?? c.url);
      assert.deepEqual(location.userinfo, c.userinfo);
      assert.match(location.key, /^[0-9a-f]{32}$/);
    });
  }

  for (const c of fixture.refused) {
    test(`refuses ${JSON.stringify(c.url)}: ${c.because}`, () => {
      assert.throws(
        () => parseRepoLocation(c.url, undefined, '/work'),
        (error: unknown) => {
          assert.ok(error instanceof SourceError);
          assert.equal(error.code, 'UnsafeRepository');
          assert.ok(error.message.includes(c.because), error.message);
          return true;
        },
      );
    });
  }

  test('one repository written several ways gets one cache key; a different one does not', () => {
    const key = (url: string) => parseRepoLocation(url, undefined, '/work').key;
    assert.equal(key('/srv/repo'), key('file:///srv/repo'));
    assert.equal(key('/srv/repo'), key('/srv/repo/'));
    assert.equal(key('https://Example.com/org/repo'), key('https://token@example.com/org/repo/'));
    assert.equal(key('git@example.com:org/repo'), key('ssh://git@example.com/org/repo'));
    assert.notEqual(key('https://example.com/org/repo'), key('https://example.com/org/repo.git'));
    assert.notEqual(key('/srv/repo'), key('/srv/repo.git'));
  });

  test('a transport that is not enabled is refused', () => {
    assert.throws(() => parseRepoLocation('/srv/repo', ['https']), /the file transport is not enabled/);
    assert.equal(parseRepoLocation('https://example.com/r', ['https']).transport, 'https');
  });

  test('a refusal never echoes a password written in the URL', () => {
    assert.throws(
      () => parseRepoLocation('ftp://user:hunter2@example.com/r'),
      (error: unknown) => {
        assert.ok(!(error as Error).message.includes('hunter2'));
        assert.ok(!String((error as SourceError).repoURL).includes('hunter2'));
        return true;
      },
    );
  });
});
