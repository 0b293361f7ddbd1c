import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resolveApplication } from '../application/resolve-application.js';
import { checkApp } from './check-app.js';
import { implicitDefaultProject } from './default-project.js';
import type { AppOriginKind, ResolvedProject } from './project.js';
import type { ProjectRule } from './project-violation.js';
import { resolveProject } from './resolve-project.js';

const DATA = '/var/lib/tideway';
const MIRROR = `${DATA}/git/repos/0123456789abcdef0123456789abcdef`;

const teamA = resolveProject({
  apiVersion: 'tideway.dev/v1alpha1',
  kind: 'Project',
  metadata: { name: 'team-a' },
  spec: {
    sourceRepos: ['https://git.example.com/team-a/*', '!https://git.example.com/team-a/secrets*'],
    destinations: [
      { context: 'prod', namespace: 'team-a-*' },
      { server: 'https://kube.example.com:6443', namespace: 'team-a' },
      { name: 'edge-*', namespace: 'team-a' },
    ],
    parentProjects: ['platform'],
  },
});
const hostOps = resolveProject({
  apiVersion: 'tideway.dev/v1alpha1',
  kind: 'Project',
  metadata: { name: 'host-ops' },
  spec: { sourceRepos: ['*'], destinations: [{ target: 'host' }], permissions: { localSources: true, helmLookup: true } },
});
const teamApps = resolveProject({
  apiVersion: 'tideway.dev/v1alpha1',
  kind: 'Project',
  metadata: { name: 'team-apps' },
  spec: { sourceRepos: ['*'], destinations: [{ namespace: '*' }], sourceNamespaces: ['team-*'], permissions: { localSources: true } },
});
const projects = new Map<string, ResolvedProject>([
  ['default', implicitDefaultProject()],
  ['team-a', teamA],
  ['host-ops', hostOps],
  ['team-apps', teamApps],
]);

const app = (spec: Record<string, unknown>) =>
  resolveApplication({
    apiVersion: 'tideway.dev/v1alpha1',
    kind: 'Application',
    metadata: { name: 'app' },
    spec: { source: { repoURL: 'https://git.example.com/team-a/web' }, ...spec },
  });
const src = (repoURL: string, extra: Record<string, unknown> = {}) => ({ source: { repoURL, ...extra } });

interface Case {
  name: string;
  spec: Record<string, unknown>;
  origin: AppOriginKind;
  parent?: string;
  real?: string;
  /** For an Application object of the cluster: its namespace (the agent's is tideway-system). */
  namespace?: string;
  rules: ProjectRule[];
}

const cases: Case[] = [
  // The implicit default project: operator files as before, children bounded.
  { name: 'a file app of the implicit default project may use a local path', spec: src('/srv/repos/web'), origin: 'file', rules: [] },
  {
    name: 'a file app of the implicit default project may use the host target',
    spec: { destination: { target: 'host' } },
    origin: 'file',
    rules: [],
  },
  { name: "a file app may never use the agent's git mirror", spec: src(MIRROR), origin: 'file', rules: ['AgentDataDir'] },
  {
    name: 'a file app may never use a file:// URL into the data directory',
    spec: src(`file://${DATA}/git/repos/x`),
    origin: 'file',
    rules: ['AgentDataDir'],
  },
  {
    name: 'a file app may never reach the data directory through ..',
    spec: src(`/srv/../var/lib/tideway/git`),
    origin: 'file',
    rules: ['AgentDataDir'],
  },
  {
    name: 'a file app may never reach the data directory through a symlink',
    spec: src('/srv/link'),
    real: `${DATA}/git/repos/x`,
    origin: 'file',
    rules: ['AgentDataDir'],
  },
  {
    name: 'a sibling directory that shares the prefix is not the data directory',
    spec: src('/var/lib/tideway-other/repo'),
    origin: 'file',
    rules: [],
  },
  {
    name: 'a child app of the default project may use a remote repository and any Kubernetes destination',
    spec: { destination: { namespace: 'x' } },
    origin: 'parent',
    rules: [],
  },
  {
    name: "a child app may never use a local path (the agent's mirror of another team)",
    spec: src(MIRROR),
    origin: 'parent',
    rules: ['AgentDataDir', 'LocalSource'],
  },
  {
    name: 'a child app may never use a local path elsewhere',
    spec: src('/srv/repos/other-team'),
    origin: 'parent',
    rules: ['LocalSource'],
  },
  { name: 'a child app may never use file://', spec: src('file:///srv/repos/other-team'), origin: 'parent', rules: ['LocalSource'] },
  { name: 'a child app may never use a relative path', spec: src('../other-team'), origin: 'parent', rules: ['LocalSource'] },
  {
    name: 'a child app of the default project may not choose the host target',
    spec: { destination: { target: 'host' } },
    origin: 'parent',
    rules: ['Destination'],
  },
  {
    name: 'a child app of the default project may not use Helm lookup',
    spec: src('https://charts.example.com', { chart: 'web', helm: { lookup: true } }),
    origin: 'parent',
    rules: ['HelmLookup'],
  },
  // Explicit projects.
  { name: 'an unknown project is refused', spec: { project: 'nope' }, origin: 'file', rules: ['UnknownProject'] },
  {
    name: 'a repository matching sourceRepos and a destination in the list is allowed',
    spec: { project: 'team-a', destination: { context: 'prod', namespace: 'team-a-web' } },
    origin: 'file',
    rules: [],
  },
  {
    name: 'a repository outside sourceRepos is refused',
    spec: { project: 'team-a', ...src('https://git.example.com/team-b/web'), destination: { context: 'prod', namespace: 'team-a-x' } },
    origin: 'file',
    rules: ['SourceRepo'],
  },
  {
    name: 'a !pattern in sourceRepos denies even when another pattern allows',
    spec: {
      project: 'team-a',
      ...src('https://git.example.com/team-a/secrets-prod'),
      destination: { context: 'prod', namespace: 'team-a-x' },
    },
    origin: 'file',
    rules: ['SourceRepo'],
  },
  {
    name: 'a namespace outside the destinations is refused',
    spec: { project: 'team-a', destination: { context: 'prod', namespace: 'kube-system' } },
    origin: 'file',
    rules: ['Destination'],
  },
  {
    name: 'another context is refused',
    spec: { project: 'team-a', destination: { context: 'staging', namespace: 'team-a-x' } },
    origin: 'file',
    rules: ['Destination'],
  },
  {
    name: 'the current context matches only a * context pattern',
    spec: { project: 'team-a', destination: { namespace: 'team-a' } },
    origin: 'file',
    rules: ['Destination'],
  },
  {
    name: 'a server destination matches by server',
    spec: { project: 'team-a', destination: { server: 'https://kube.example.com:6443', namespace: 'team-a' } },
    origin: 'file',
    rules: [],
  },
  {
    name: 'a registered cluster matches by name',
    spec: { project: 'team-a', destination: { name: 'edge-paris', namespace: 'team-a' } },
    origin: 'file',
    rules: [],
  },
  {
    name: 'another registered cluster is refused',
    spec: { project: 'team-a', destination: { name: 'core', namespace: 'team-a' } },
    origin: 'file',
    rules: ['Destination'],
  },
  {
    name: 'a project without a host destination refuses the host target',
    spec: { project: 'team-a', destination: { target: 'host' } },
    origin: 'file',
    rules: ['Destination'],
  },
  {
    name: 'a file app of an explicit project needs localSources for a local path',
    spec: { project: 'team-a', ...src('/srv/repos/web'), destination: { context: 'prod', namespace: 'team-a-x' } },
    origin: 'file',
    rules: ['LocalSource'],
  },
  {
    name: 'localSources lets a file app use a local path',
    spec: { project: 'host-ops', ...src('/srv/repos/web'), destination: { target: 'host' } },
    origin: 'file',
    rules: [],
  },
  {
    name: 'localSources never lets a child app use a local path',
    spec: { project: 'host-ops', ...src('/srv/repos/web'), destination: { target: 'host' } },
    origin: 'parent',
    parent: 'host-ops',
    rules: ['LocalSource'],
  },
  {
    name: 'localSources never opens the data directory',
    spec: { project: 'host-ops', ...src(MIRROR), destination: { target: 'host' } },
    origin: 'file',
    rules: ['AgentDataDir'],
  },
  // Children and their parents' projects.
  {
    name: "a child may name its parent's project",
    spec: { project: 'team-a', destination: { context: 'prod', namespace: 'team-a-x' } },
    origin: 'parent',
    parent: 'team-a',
    rules: [],
  },
  {
    name: "a child may name a project that lists the parent's project in parentProjects",
    spec: { project: 'team-a', destination: { context: 'prod', namespace: 'team-a-x' } },
    origin: 'parent',
    parent: 'platform',
    rules: [],
  },
  {
    name: 'a child may not name a wider project',
    spec: { project: 'host-ops', destination: { target: 'host' } },
    origin: 'parent',
    parent: 'team-a',
    rules: ['ChildProject'],
  },
  {
    name: 'a child of a team-a app may not fall back to the default project',
    spec: {},
    origin: 'parent',
    parent: 'team-a',
    rules: ['ChildProject'],
  },
  {
    name: "a child in its parent's project is bounded by it",
    spec: { project: 'team-a', destination: { target: 'host' } },
    origin: 'parent',
    parent: 'team-a',
    rules: ['Destination'],
  },
  {
    name: 'a ref source of spec.sources outside sourceRepos is refused',
    spec: {
      project: 'team-a',
      source: undefined,
      sources: [
        { repoURL: 'https://git.example.com/team-a/web', path: 'chart', helm: { valueFiles: ['$values/v.yaml'] } },
        { repoURL: 'https://evil.example.com/values', ref: 'values' },
      ],
      destination: { context: 'prod', namespace: 'team-a-x' },
    },
    origin: 'file',
    rules: ['SourceRepo'],
  },
  {
    name: 'a ref source of a child may not be a local path',
    spec: {
      source: undefined,
      sources: [
        { repoURL: 'https://git.example.com/team-a/web', path: 'chart', helm: { valueFiles: ['$values/v.yaml'] } },
        { repoURL: '/srv/values', ref: 'values' },
      ],
    },
    origin: 'parent',
    rules: ['LocalSource'],
  },
  {
    name: 'a chart of an OCI registry outside sourceRepos is refused',
    spec: { project: 'team-a', ...src('oci://registry.evil.example/charts/web'), destination: { context: 'prod', namespace: 'team-a-x' } },
    origin: 'file',
    rules: ['SourceRepo'],
  },
  {
    name: 'a chart of a Helm repository inside sourceRepos is allowed',
    spec: {
      project: 'team-a',
      ...src('https://git.example.com/team-a/charts', { chart: 'web', targetRevision: '1.0.0' }),
      destination: { context: 'prod', namespace: 'team-a-x' },
    },
    origin: 'file',
    rules: [],
  },
  // Application objects of the cluster (Argo CD's apps in any namespace).
  {
    name: "a cluster app in the agent's namespace may use the implicit default project",
    spec: {},
    origin: 'cluster',
    namespace: 'tideway-system',
    rules: [],
  },
  {
    name: "a cluster app in another namespace needs its project's sourceNamespaces",
    spec: {},
    origin: 'cluster',
    namespace: 'team-b',
    rules: ['SourceNamespace'],
  },
  {
    name: 'a cluster app in a namespace its project lists is allowed',
    spec: { project: 'team-apps' },
    origin: 'cluster',
    namespace: 'team-b',
    rules: [],
  },
  {
    name: 'a cluster app in a namespace its project does not list is refused',
    spec: { project: 'team-apps' },
    origin: 'cluster',
    namespace: 'ops',
    rules: ['SourceNamespace'],
  },
  {
    name: 'a cluster app of the implicit default project may not use a local path',
    spec: src('/srv/repos/web'),
    origin: 'cluster',
    namespace: 'tideway-system',
    rules: ['LocalSource'],
  },
  {
    name: 'a cluster app may use a local path when its project allows local sources',
    spec: { project: 'team-apps', ...src('/srv/repos/web') },
    origin: 'cluster',
    namespace: 'team-b',
    rules: [],
  },
  {
    name: 'a cluster app of the implicit default project may not use the host target',
    spec: { destination: { target: 'host' } },
    origin: 'cluster',
    namespace: 'tideway-system',
    rules: ['Destination'],
  },
  {
    name: "a cluster app may never use the agent's data directory, whatever its project",
    spec: { project: 'team-apps', ...src(MIRROR) },
    origin: 'cluster',
    namespace: 'team-b',
    rules: ['AgentDataDir'],
  },
  {
    name: 'a cluster app naming an unknown project is refused',
    spec: { project: 'nope' },
    origin: 'cluster',
    namespace: 'tideway-system',
    rules: ['UnknownProject'],
  },
];

describe('checkApp', () => {
  for (const c of cases) {
    test(`${c.name}${c.rules.length ? ` (${c.rules.join(', ')})` : ''}`, () => {
      const violations = checkApp({
        app: app(c.spec),
        origin: c.origin,
        parentProject: c.parent,
        projects,
        protectedDirs: [DATA],
        realLocalPath: c.real,
        objectNamespace: c.namespace,
        agentNamespace: 'tideway-system',
      });
      assert.deepEqual(
        violations.map((v) => v.rule),
        c.rules,
        violations.map((v) => v.message).join('\n'),
      );
    });
  }

  test('each message names the field and the project', () => {
    const [v] = checkApp({
      app: app({ project: 'team-a', ...src('https://evil.example.com/x'), destination: { context: 'prod', namespace: 'team-a-x' } }),
      origin: 'file',
      projects,
      protectedDirs: [DATA],
    });
    assert.equal(v.message, 'spec.source.repoURL: project "team-a" does not allow "https://evil.example.com/x" (sourceRepos)');
  });
});
