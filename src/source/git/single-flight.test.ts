import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { singleFlight } from './single-flight.js';

/** A unit test with a fake piece of work: each run waits until the test lets it finish. */
function controllableWork() {
  const runs: Array<{ finish: (error?: Error) => void }> = [];
  const request = singleFlight(async (started) => {
    started();
    await new Promise<void>((resolve, reject) => runs.push({ finish: (error) => (error ? reject(error) : resolve()) }));
  });
  return { request, runs };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('singleFlight', () => {
  test('requests made before the work starts share one run', async () => {
    const { request, runs } = controllableWork();
    const all = Promise.all([request(), request(), request()]);
    await tick();
    assert.equal(runs.length, 1);
    runs[0].finish();
    await all;
    assert.equal(runs.length, 1);
  });

  test('a request made while a run is under way gets a fresh run, shared by all who asked meanwhile', async () => {
    const { request, runs } = controllableWork();
    const first = request();
    await tick();
    const second = [request(), request()];
    await tick();
    assert.equal(runs.length, 1, 'the next run waits for the running one');
    runs[0].finish();
    await first;
    await tick();
    assert.equal(runs.length, 2);
    runs[1].finish();
    await Promise.all(second);
    assert.equal(runs.length, 2);
  });

  test('each caller hears when the run it shares starts; one that waits for the next run hears when that one starts', async () => {
    const heard: string[] = [];
    let release!: () => void;
    const request = singleFlight(async (started) => {
      heard.push('work begins');
      started();
      await new Promise<void>((resolve) => {
        release = resolve;
      });
    });
    const first = [request(() => heard.push('a')), request(() => heard.push('b'))];
    await tick();
    assert.deepEqual(heard, ['work begins', 'a', 'b']);
    const later = request(() => heard.push('c'));
    await tick();
    assert.deepEqual(heard, ['work begins', 'a', 'b'], 'the next run has not started');
    release();
    await Promise.all(first);
    await tick();
    assert.deepEqual(heard, ['work begins', 'a', 'b', 'work begins', 'c']);
    release();
    await later;
  });

  test('a run that fails before starting still tells its callers, so none waits for ever', async () => {
    let told = 0;
    const request = singleFlight(async () => {
      throw new Error('no mirror');
    });
    await assert.rejects(
      request(() => {
        told += 1;
      }),
      /no mirror/,
    );
    assert.equal(told, 1);
  });

  test('a failed run rejects everyone who shared it, and the next request runs again', async () => {
    const { request, runs } = controllableWork();
    const shared = [request(), request()];
    await tick();
    runs[0].finish(new Error('unreachable'));
    for (const p of shared) await assert.rejects(p, /unreachable/);
    const again = request();
    await tick();
    runs[1].finish();
    await again;
    assert.equal(runs.length, 2);
  });
});
