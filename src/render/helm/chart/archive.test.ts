import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { type Entry, makeTgz } from '../testing/make-tgz.js';
import { readChartArchive } from './archive.js';
import { loadChartArchive } from './load-dir.js';
import { ChartLoadError } from './load-files.js';

const CHART = 'apiVersion: v2\nname: demo\nversion: 0.1.0\n';

describe('chart archives', () => {
  test('loads a chart with its top directory stripped', async () => {
    const tgz = await makeTgz([
      { name: 'demo/Chart.yaml', body: CHART },
      { name: 'demo/values.yaml', body: 'a: 1\n' },
      { name: 'demo/templates/cm.yaml', body: 'kind: ConfigMap' },
    ]);
    const chart = await loadChartArchive(tgz, 'demo-0.1.0.tgz');
    assert.equal(chart.metadata.name, 'demo');
    assert.deepEqual(chart.values, { a: 1 });
    assert.deepEqual(
      chart.templates.map((t) => t.name),
      ['templates/cm.yaml'],
    );
  });

  const refused: [string, Entry[], RegExp][] = [
    ['a path leaving the chart', [{ name: 'demo/../../etc/passwd', body: 'x' }], /parent directory/],
    ['an absolute path', [{ name: '/demo/Chart.yaml', body: CHART }], /absolute paths/],
    [
      'a symlink',
      [
        { name: 'demo/Chart.yaml', body: CHART },
        { name: 'demo/link', type: 'symlink', linkname: '/etc/passwd' },
      ],
      /link/,
    ],
    [
      'a hard link',
      [
        { name: 'demo/Chart.yaml', body: CHART },
        { name: 'demo/hl', type: 'link', linkname: 'demo/Chart.yaml' },
      ],
      /link/,
    ],
    ['a Chart.yaml outside a directory', [{ name: 'Chart.yaml', body: CHART }], /outside the base directory|not in base directory/],
  ];
  for (const [what, entries, message] of refused) {
    test(`refuses ${what}`, async () => {
      const tgz = await makeTgz(entries);
      await assert.rejects(readChartArchive(tgz, 'bad.tgz'), (e) => e instanceof ChartLoadError && message.test(e.message));
    });
  }

  test('refuses a file over the size limit and a gzip bomb before inflating it all', async () => {
    const big = 'x'.repeat(2 * 1024 * 1024);
    const tgz = await makeTgz([
      { name: 'demo/Chart.yaml', body: CHART },
      { name: 'demo/big', body: big },
    ]);
    await assert.rejects(
      readChartArchive(tgz, 'big.tgz', { maxFileBytes: 1024 * 1024, maxTotalBytes: 10 * 1024 * 1024, maxEntries: 100 }),
      /larger than the maximum file size/,
    );
    const bomb = new Uint8Array(gzipSync(Buffer.alloc(64 * 1024 * 1024)));
    await assert.rejects(
      readChartArchive(bomb, 'bomb.tgz', { maxFileBytes: 1024 * 1024, maxTotalBytes: 4 * 1024 * 1024, maxEntries: 100 }),
      /larger than the maximum size/,
    );
  });

  test('refuses too many entries', async () => {
    const entries: Entry[] = [{ name: 'demo/Chart.yaml', body: CHART }];
    for (let i = 0; i < 20; i++) entries.push({ name: `demo/f${i}`, body: 'x' });
    await assert.rejects(
      readChartArchive(await makeTgz(entries), 'many.tgz', { maxFileBytes: 1024, maxTotalBytes: 1024 * 1024, maxEntries: 10 }),
      /more than 10 entries/,
    );
  });

  test('says what is wrong with something that is not a gzip archive', async () => {
    await assert.rejects(readChartArchive(new TextEncoder().encode('a: 1'), 'values.yaml'), /does not appear to be a gzipped archive/);
  });
});
