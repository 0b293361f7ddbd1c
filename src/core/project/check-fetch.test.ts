import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkFetch, repositoryOf } from './check-fetch.js';
import { implicitDefaultProject } from './default-project.js';
import type { AppOriginKind, ResolvedProject } from './project.js';
import type { ProjectRule } from './project-violation.js';
import { resolveProject } from './resolve-project.js';

const DATA = '/var/lib/tideway';

const project = (spec: Record<string, unknown>, name = 'team-a'): ResolvedProject =>
  resolveProject({ apiVersion: 'tideway.dev/v1alpha1', kind: 'Project', metadata: { name }, spec });
const teamA = project({
  sourceRepos: ['https://git.example.com/team-a/*', '!https://git.example.com/team-a/secrets*', 'git@git.example.com:team-a/*'],
});
const teamAExact = project({ sourceRepos: ['https://github.com/team-a/bases'] });
const localOk = project({ sourceRepos: ['*'], permissions: { localSources: true } }, 'local-ok');
const byDefault = implicitDefaultProject();

describe('repositoryOf: the repository a remote base names, as sourceRepos patterns are written', () => {
  const cases: [string, string][] = [
    ['https://github.com/team-a/bases//apps/web?ref=v1.2.0', 'https://github.com/team-a/bases'],
    ['github.com/team-a/bases/apps/web?ref=main', 'https://github.com/team-a/bases'],
    ['https://github.com/team-a/bases/apps/web', 'https://github.com/team-a/bases'],
    ['git::https://git.example.com/team-a/bases.git//web?ref=v1', 'https://git.example.com/team-a/bases.git'],
    ['https://git.example.com/team-a/bases.git/web', 'https://git.example.com/team-a/bases.git'],
    ['https://bob:TOKEN@git.example.com/team-a/bases//web', 'https://git.example.com/team-a/bases'],
    ['git@git.example.com:team-a/bases//web?ref=v1', 'git@git.example.com:team-a/bases'],
    ['ssh://git@git.example.com/team-a/bases//web', 'ssh://git@git.example.com/team-a/bases'],
    ['https://git.example.com/team-a/bases', 'https://git.example.com/team-a/bases'],
  ];
  for (const [location, repo] of cases) test(`${location} names ${repo}`, () => assert.equal(repositoryOf(location), repo));
});

interface Case {
  name: string;
  project: ResolvedProject;
  origin: AppOriginKind;
  url: string;
  rules: ProjectRule[];
}

const cases: Case[] = [
  {
    name: 'a remote base inside sourceRepos is allowed',
    project: teamA,
    origin: 'file',
    url: 'https://git.example.com/team-a/bases//web?ref=v1',
    rules: [],
  },
  {
    name: 'a remote base outside sourceRepos is refused',
    project: teamA,
    origin: 'file',
    url: 'https://github.com/evil/bases//web',
    rules: ['SourceRepo'],
  },
  {
    name: 'a denied repository is refused though a pattern allows it',
    project: teamA,
    origin: 'parent',
    url: 'https://git.example.com/team-a/secrets//x',
    rules: ['SourceRepo'],
  },
  {
    name: 'an ssh remote base matches an scp-like pattern',
    project: teamA,
    origin: 'parent',
    url: 'git@git.example.com:team-a/bases//web',
    rules: [],
  },
  {
    name: 'an exact pattern matches a remote base with a subdirectory and ref',
    project: teamAExact,
    origin: 'parent',
    url: 'https://github.com/team-a/bases//web?ref=v1',
    rules: [],
  },
  {
    name: 'the short github.com form is matched as https',
    project: teamAExact,
    origin: 'parent',
    url: 'github.com/team-a/bases/web?ref=v1',
    rules: [],
  },
  {
    name: 'a child of the implicit default project may fetch any remote repository',
    project: byDefault,
    origin: 'parent',
    url: 'https://github.com/x/y//z',
    rules: [],
  },
  {
    name: 'a file app of the implicit default project is not bounded',
    project: byDefault,
    origin: 'file',
    url: 'file:///srv/bases',
    rules: [],
  },
  { name: 'a child may never fetch file://', project: localOk, origin: 'parent', url: 'file:///srv/bases', rules: ['LocalSource'] },
  {
    name: 'a child of the implicit default project may never fetch file://',
    project: byDefault,
    origin: 'parent',
    url: 'file:///srv/bases',
    rules: ['LocalSource'],
  },
  {
    name: 'a file app needs permissions.localSources for file://',
    project: teamA,
    origin: 'file',
    url: 'file:///srv/bases',
    rules: ['LocalSource'],
  },
  {
    name: 'a file app with permissions.localSources may fetch file://',
    project: localOk,
    origin: 'file',
    url: 'file:///srv/bases',
    rules: [],
  },
  {
    name: 'a cluster app needs permissions.localSources for a local path',
    project: teamA,
    origin: 'cluster',
    url: '/srv/bases',
    rules: ['LocalSource'],
  },
  {
    name: "the agent's data directory is never fetched, even by the implicit default project's file apps",
    project: byDefault,
    origin: 'file',
    url: `file://${DATA}/git/repos/abc`,
    rules: ['AgentDataDir'],
  },
  {
    name: "the agent's data directory is never fetched through ..",
    project: localOk,
    origin: 'file',
    url: `file:///srv/../var/lib/tideway/x`,
    rules: ['AgentDataDir'],
  },
];

describe('checkFetch: what a render may fetch under its project', () => {
  for (const c of cases)
    test(c.name, () => {
      const got = checkFetch({ project: c.project, origin: c.origin, protectedDirs: [DATA] }, c.url, 'base/kustomization.yaml');
      assert.deepEqual(
        got.map((v) => v.rule),
        c.rules,
      );
      for (const v of got) assert.match(v.message, /^base\/kustomization\.yaml: /);
    });

  test('a message names the project and the rule, never the credentials of the URL', () => {
    const [v] = checkFetch({ project: teamA, origin: 'file', protectedDirs: [] }, 'https://bob:s3cret@evil.example/x//y', 'f.yaml');
    assert.equal(v.rule, 'SourceRepo');
    assert.match(v.message, /project "team-a" does not allow "https:\/\/evil\.example\/x" \(sourceRepos\)/);
    assert.doesNotMatch(v.message, /s3cret/);
  });
});
