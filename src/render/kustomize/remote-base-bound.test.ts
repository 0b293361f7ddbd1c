import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTestRepo, type TestRepo } from '../../../test/support/git-repo.js';
import { TidewayError } from '../../core/errors.js';
import { fetchBound } from '../../core/project/check-fetch.js';
import { implicitDefaultProject } from '../../core/project/default-project.js';
import type { AppOriginKind, ResolvedProject } from '../../core/project/project.js';
import { resolveProject } from '../../core/project/resolve-project.js';
import { createKustomizeRenderer } from './index.js';

/**
 * Remote bases under a project: the URL a kustomization names is matched against the project's
 * sourceRepos before anything is fetched. The remote is a real git repository on disk; the renderer's
 * fetcher clones it (as a remote source would) for URLs of git.example.com.
 */
describe('Kustomize remote bases are bounded by the app project', () => {
  let bases: TestRepo;
  let work: string;
  const fetched: string[] = [];

  const fetchRemote = async (url: string): Promise<string> => {
    fetched.push(url);
    const m = /^https:\/\/git\.example\.com\/[^/]+\/bases\/\/([^?]*)/.exec(url);
    if (!m) throw new Error(`no such repository: ${url}`);
    const dir = mkdtempSync(path.join(work, 'clone-'));
    execFileSync('git', ['clone', '-q', bases.dir, dir]);
    return path.join(dir, m[1]);
  };
  const renderer = () => createKustomizeRenderer({ fetchRemote });

  const teamA = resolveProject({
    apiVersion: 'tideway.dev/v1alpha1',
    kind: 'Project',
    metadata: { name: 'team-a' },
    spec: { sourceRepos: ['https://git.example.com/team-a/*'] },
  });

  /** A checkout holding app/kustomization.yaml that lists `resource`. */
  function checkout(resource: string): string {
    const root = mkdtempSync(path.join(work, 'app-'));
    mkdirSync(path.join(root, 'app'));
    writeFileSync(path.join(root, 'app', 'kustomization.yaml'), `namePrefix: app-\nresources:\n  - ${resource}\n`);
    return root;
  }

  before(() => {
    work = mkdtempSync(path.join(os.tmpdir(), 'tideway-remote-bound-'));
    bases = createTestRepo();
    bases.commit({
      'web/kustomization.yaml': 'resources: [cm.yaml]\n',
      'web/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: web }\ndata: { from: remote }\n',
    });
  });
  after(() => {
    bases.remove();
    rmSync(work, { recursive: true, force: true });
  });

  interface Case {
    name: string;
    project: ResolvedProject;
    origin: AppOriginKind;
    url: string;
    /** The rule of the refusal, or undefined when the base is rendered. */
    refused?: string;
  }
  const cases: Case[] = [
    {
      name: 'a base in a repository the project allows is fetched and rendered',
      project: teamA,
      origin: 'file',
      url: 'https://git.example.com/team-a/bases//web?ref=main',
    },
    {
      name: 'a base in a repository outside the project is refused before any fetch',
      project: teamA,
      origin: 'file',
      url: 'https://git.example.com/team-b/bases//web?ref=main',
      refused: 'SourceRepo',
    },
    {
      name: "a child app's file:// base is refused before any fetch",
      project: implicitDefaultProject(),
      origin: 'parent',
      url: 'file:///srv/bases//web',
      refused: 'LocalSource',
    },
    {
      name: 'a child of the implicit default project may fetch a remote base',
      project: implicitDefaultProject(),
      origin: 'parent',
      url: 'https://git.example.com/team-b/bases//web',
    },
  ];

  for (const c of cases)
    test(c.name, async () => {
      fetched.length = 0;
      const root = checkout(c.url);
      const bound = fetchBound({ project: c.project, origin: c.origin, protectedDirs: ['/var/lib/tideway'] });
      const render = renderer().render({ root, path: 'app', allowRemoteBases: true, fetchBound: bound });
      if (c.refused === undefined) {
        const objects = await render;
        assert.deepEqual(
          objects.map((o) => `${o.object.kind}/${o.object.metadata.name}`),
          ['ConfigMap/app-web'],
        );
        assert.deepEqual(fetched, [c.url]);
        return;
      }
      await assert.rejects(render, (error: unknown) => {
        assert.ok(error instanceof TidewayError);
        assert.equal(error.code, 'ProjectViolation');
        assert.match(error.message, new RegExp(`${c.refused}: app/kustomization\\.yaml: `));
        return true;
      });
      assert.deepEqual(fetched, [], 'nothing was fetched');
    });

  test('without a bound (the command line, the operator files of the implicit default project) the base is fetched', async () => {
    fetched.length = 0;
    const root = checkout('https://git.example.com/team-b/bases//web');
    const objects = await renderer().render({ root, path: 'app', allowRemoteBases: true });
    assert.equal(objects.length, 1);
    assert.equal(fetched.length, 1);
  });
});
