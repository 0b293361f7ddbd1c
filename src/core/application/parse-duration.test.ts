import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ValidationError } from '../errors.js';
import { MAX_DURATION_MS, parseDuration } from './parse-duration.js';

test('durations in Go notation convert to milliseconds', () => {
  const cases: Array<[string, number]> = [
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['250ms', 250],
    ['1.5h', 5_400_000],
    ['2m30s', 150_000],
    ['0s', 0],
    ['1h0m10s', 3_610_000],
    ['596h', 596 * 3_600_000],
  ];
  for (const [text, ms] of cases) assert.equal(parseDuration(text), ms, text);
});

test('text that is not a duration is refused naming the field', () => {
  for (const text of ['5x', '', '10', 's', '1 h', '-5s', '1h-30m', '1d', '1H', ' 5s', '5s ']) {
    assert.throws(
      () => parseDuration(text, 'spec.source.interval'),
      (error: unknown) => {
        assert.ok(error instanceof ValidationError);
        assert.equal(error.field, 'spec.source.interval');
        assert.equal(error.message, `spec.source.interval: ${JSON.stringify(text)} is not a duration (use 30s, 5m, 1h)`);
        return true;
      },
      text,
    );
  }
});

test('durations longer than a timer can wait are refused', () => {
  assert.equal(parseDuration(`${MAX_DURATION_MS}ms`), MAX_DURATION_MS);
  assert.throws(() => parseDuration('597h', 'x'), /^ValidationError: x: "597h" is too long \(at most 596h\)$/);
  assert.throws(() => parseDuration('99999999999999999999h', 'x'), /too long/);
});
