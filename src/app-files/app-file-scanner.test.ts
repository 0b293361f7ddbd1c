import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createAppFileScanner } from './app-file-scanner.js';

const app = (name: string, extra = '') =>
  `apiVersion: tideway.dev/v1alpha1\nkind: Application\nmetadata:\n  name: ${name}\nspec:\n  source:\n    repoURL: https://git.example.com/${name}.git\n${extra}`;
const typo = (name: string) => app(name).replace('repoURL', 'repoURl');

describe('createAppFileScanner: each Application file loads or fails on its own', () => {
  let dir: string;
  const at = (rel: string) => path.join(dir, rel);
  const put = async (rel: string, text: string) => {
    await mkdir(path.dirname(at(rel)), { recursive: true });
    await writeFile(at(rel), text);
  };
  const names = (scan: { apps: { name: string }[] }) => scan.apps.map((a) => a.name);
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tideway-scan-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('a typo in one file keeps neither the valid files nor a new file from loading; the failure names file and field', async () => {
    await put('apps/a.yaml', app('alpha'));
    await put('apps/b.yaml', typo('bravo'));
    await put('apps/team/c.yaml', app('charlie'));
    const scan = createAppFileScanner([at('apps')]);
    const first = await scan();
    assert.deepEqual(names(first), ['alpha', 'charlie']);
    assert.deepEqual(first.invalid, [
      {
        file: at('apps/b.yaml'),
        error: [
          `${at('apps/b.yaml')}: spec.source.repoURl: unknown field (expected one of: repoURL, targetRevision, path, directory, interval, kustomize, chart, helm, decryption, verify)`,
          `${at('apps/b.yaml')}: spec.source.repoURL: is required`,
        ].join('\n'),
      },
    ]);

    await put('apps/d.yaml', app('delta'));
    assert.deepEqual(names(await scan()), ['alpha', 'delta', 'charlie'], 'a new valid file loads beside the broken one');
    await put('apps/b.yaml', app('bravo'));
    const fixed = await scan();
    assert.deepEqual(names(fixed), ['alpha', 'bravo', 'delta', 'charlie']);
    assert.deepEqual(fixed.invalid, []);
  });

  test('a file that breaks keeps the apps it held (never removed by a typo); a deleted file removes its apps', async () => {
    await put('keep/a.yaml', app('one'));
    await put('keep/b.yaml', app('two'));
    const scan = createAppFileScanner([at('keep')]);
    assert.deepEqual(names(await scan()), ['one', 'two']);
    await put('keep/a.yaml', `${app('one')}  bad: [\n`);
    const broken = await scan();
    assert.deepEqual(names(broken), ['one', 'two']);
    assert.equal(broken.invalid.length, 1);
    assert.match(broken.invalid[0].error, new RegExp(`^${at('keep/a.yaml')}:\\d+: invalid YAML`));
    await rm(at('keep/b.yaml'));
    assert.deepEqual(names(await scan()), ['one']);
  });

  test('a missing --apps path is reported and keeps the apps it held; a name defined twice is kept where seen first', async () => {
    await put('twice/a.yaml', app('same'));
    await put('twice/b.yaml', `${app('other')}---\n${app('same')}`);
    const scan = createAppFileScanner([at('twice'), at('nowhere.yaml')]);
    const result = await scan();
    assert.deepEqual(names(result), ['same', 'other']);
    assert.deepEqual(
      result.invalid.map((f) => f.error),
      [
        `${at('nowhere.yaml')}: no such file or directory`,
        `${at('twice/b.yaml')}:9: metadata.name: "same" is already defined at ${at('twice/a.yaml')}; this one is ignored`,
      ],
    );
    await rm(at('twice'), { recursive: true });
    assert.deepEqual(names(await scan()), ['same', 'other'], 'a vanished directory is an error, not an order to remove its apps');
  });

  test('an unchanged file is not read again (the same apps come back), an edited one is, even at the same size; an unchanged broken file keeps its error', async () => {
    await put('cached/a.yaml', app('alpha'));
    await put('cached/b.yaml', typo('bravo'));
    const scan = createAppFileScanner([at('cached')]);
    const first = await scan();
    const again = await scan();
    assert.equal(again.apps[0], first.apps[0], 'the very objects of the first read');
    assert.deepEqual(again.invalid, first.invalid);
    // Same length, other content (a new repoURL host of the same length).
    await put('cached/a.yaml', app('alpha').replace('git.example.com', 'git.example.org'));
    const edited = await scan();
    assert.notEqual(edited.apps[0], first.apps[0]);
    assert.equal(edited.apps[0].source.repoURL, 'https://git.example.org/alpha.git');
  });
});
