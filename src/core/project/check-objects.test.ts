import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { resolveApplication } from '../application/resolve-application.js';
import type { Manifest } from '../model/manifest.js';
import { checkObjects } from './check-objects.js';
import { implicitDefaultProject } from './default-project.js';
import type { ProjectRule } from './project-violation.js';
import { resolveProject } from './resolve-project.js';

const project = (spec: Record<string, unknown>) =>
  resolveProject({ apiVersion: 'tideway.dev/v1alpha1', kind: 'Project', metadata: { name: 'p' }, spec });
const app = (destination: Record<string, unknown>) =>
  resolveApplication({
    apiVersion: 'tideway.dev/v1alpha1',
    kind: 'Application',
    metadata: { name: 'app' },
    spec: { source: { repoURL: 'https://git.example.com/x' }, destination },
  });
const objects = (yaml: string) => parseAllDocuments(yaml).map((d) => d.toJS() as Manifest);
const CLUSTER_KINDS = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'File', 'Service@host']);
const scopeOf = (k: { apiVersion: string; kind: string }) =>
  k.apiVersion.startsWith('host.tideway.dev/') || CLUSTER_KINDS.has(k.kind) ? ('Cluster' as const) : ('Namespaced' as const);

const ns = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${name} }\n`;
const cm = (name: string, namespace = 'team-a') =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: ${name}, namespace: ${namespace} }\n`;
const role = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: { name: admin2 }\n';
const quota = 'apiVersion: v1\nkind: ResourceQuota\nmetadata: { name: q, namespace: team-a }\n';
const hook = 'apiVersion: batch/v1\nkind: Job\nmetadata: { name: j, namespace: team-a, annotations: { helm.sh/hook: pre-install } }\n';
const file = 'apiVersion: host.tideway.dev/v1alpha1\nkind: File\nmetadata: { name: f }\nspec: { path: a, content: x }\n';
const service = (extra = '') =>
  `apiVersion: host.tideway.dev/v1alpha1\nkind: Service\nmetadata: { name: s }\nspec: { command: /bin/sh, args: [-c, "id > /tmp/x"]${extra} }\n`;

const kube = { context: 'prod', namespace: 'team-a' };
const team = { destinations: [{ context: 'prod', namespace: 'team-a*' }] };

const cases: {
  name: string;
  spec: Record<string, unknown> | 'implicit-default';
  destination: Record<string, unknown>;
  yaml: string;
  rules: ProjectRule[];
}[] = [
  { name: 'namespaced objects in an allowed namespace pass with no kind lists', spec: team, destination: kube, yaml: cm('a'), rules: [] },
  {
    name: 'a cluster-scoped kind is denied when clusterResourceWhitelist is empty',
    spec: team,
    destination: kube,
    yaml: ns('team-a'),
    rules: ['ClusterResource'],
  },
  {
    name: 'a whitelisted cluster-scoped kind passes',
    spec: { ...team, clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }] },
    destination: kube,
    yaml: ns('team-a'),
    rules: [],
  },
  {
    name: 'the whitelist is by group: an rbac ClusterRole is not the core group',
    spec: { ...team, clusterResourceWhitelist: [{ group: '', kind: '*' }] },
    destination: kube,
    yaml: role,
    rules: ['ClusterResource'],
  },
  {
    name: 'the cluster blacklist wins over the whitelist',
    spec: {
      ...team,
      clusterResourceWhitelist: [{ group: '*', kind: '*' }],
      clusterResourceBlacklist: [{ group: 'rbac.authorization.k8s.io', kind: 'Cluster*' }],
    },
    destination: kube,
    yaml: role + '---\n' + ns('x'),
    rules: ['ClusterResource'],
  },
  {
    name: 'a namespaced blacklist denies its kind only',
    spec: { ...team, namespaceResourceBlacklist: [{ group: '', kind: 'ResourceQuota' }] },
    destination: kube,
    yaml: quota + '---\n' + cm('a'),
    rules: ['NamespacedResource'],
  },
  {
    name: 'a namespaced whitelist denies every other kind',
    spec: { ...team, namespaceResourceWhitelist: [{ group: '', kind: 'ConfigMap' }] },
    destination: kube,
    yaml: quota + '---\n' + cm('a'),
    rules: ['NamespacedResource'],
  },
  {
    name: 'an object in a namespace outside the destinations is denied',
    spec: team,
    destination: kube,
    yaml: cm('a', 'kube-system'),
    rules: ['ObjectNamespace'],
  },
  { name: 'hooks are denied unless permitted', spec: team, destination: kube, yaml: hook, rules: ['Hooks'] },
  { name: 'hooks pass with permissions.hooks', spec: { ...team, permissions: { hooks: true } }, destination: kube, yaml: hook, rules: [] },
  {
    name: 'the implicit default project allows any kind in any namespace',
    spec: 'implicit-default',
    destination: kube,
    yaml: role + '---\n' + cm('a', 'kube-system') + '---\n' + hook,
    rules: [],
  },
  {
    name: 'a render cannot declare a Project, whatever the kind lists say',
    spec: { ...team, clusterResourceWhitelist: [{ group: '*', kind: '*' }] },
    destination: kube,
    yaml: 'apiVersion: tideway.dev/v1alpha1\nkind: Project\nmetadata: { name: wide }\n',
    rules: ['ProjectObject'],
  },
  {
    name: 'a host File passes on a host destination',
    spec: { destinations: [{ target: 'host' }] },
    destination: { target: 'host' },
    yaml: file,
    rules: [],
  },
  {
    name: 'a host Service is denied without permissions.hostServices',
    spec: { destinations: [{ target: 'host' }] },
    destination: { target: 'host' },
    yaml: service(),
    rules: ['HostService'],
  },
  {
    name: 'a host Service passes with permissions.hostServices',
    spec: { destinations: [{ target: 'host' }], permissions: { hostServices: true } },
    destination: { target: 'host' },
    yaml: service(),
    rules: [],
  },
  {
    name: 'an exec probe needs permissions.execProbes',
    spec: { destinations: [{ target: 'host' }], permissions: { hostServices: true } },
    destination: { target: 'host' },
    yaml: service(', readinessProbe: { exec: { command: [/bin/true] } }'),
    rules: ['ExecProbe'],
  },
  {
    name: 'LD_PRELOAD in env needs permissions.loaderEnv',
    spec: { destinations: [{ target: 'host' }], permissions: { hostServices: true } },
    destination: { target: 'host' },
    yaml: service(', env: { LD_PRELOAD: /tmp/x.so, PORT: "80" }'),
    rules: ['LoaderEnv'],
  },
  {
    name: 'NODE_OPTIONS (a runtime injection variable, as the host target names them) needs permissions.loaderEnv',
    spec: { destinations: [{ target: 'host' }], permissions: { hostServices: true } },
    destination: { target: 'host' },
    yaml: service(', env: { NODE_OPTIONS: "--require /tmp/x.js" }'),
    rules: ['LoaderEnv'],
  },
  {
    name: 'loader variables pass with permissions.loaderEnv',
    spec: { destinations: [{ target: 'host' }], permissions: { hostServices: true, loaderEnv: true } },
    destination: { target: 'host' },
    yaml: service(', env: { LD_LIBRARY_PATH: /opt/lib, PYTHONPATH: /opt/py }'),
    rules: [],
  },
  {
    name: 'an http probe to another host needs permissions.remoteProbes',
    spec: { destinations: [{ target: 'host' }], permissions: { hostServices: true } },
    destination: { target: 'host' },
    yaml: service(', readinessProbe: { http: { port: 80, host: 169.254.169.254 } }'),
    rules: ['RemoteProbe'],
  },
  {
    name: 'a tcp probe to another host passes with permissions.remoteProbes',
    spec: { destinations: [{ target: 'host' }], permissions: { hostServices: true, remoteProbes: true } },
    destination: { target: 'host' },
    yaml: service(', readinessProbe: { tcp: { port: 5432, host: db.internal } }'),
    rules: [],
  },
  {
    name: 'a loopback probe needs no permission',
    spec: { destinations: [{ target: 'host' }], permissions: { hostServices: true } },
    destination: { target: 'host' },
    yaml: service(', readinessProbe: { http: { port: 80, host: "::1" } }'),
    rules: [],
  },
];

describe('checkObjects', () => {
  for (const c of cases) {
    test(`${c.name}${c.rules.length ? ` (${c.rules.join(', ')})` : ''}`, () => {
      const p = c.spec === 'implicit-default' ? implicitDefaultProject() : project(c.spec);
      const violations = checkObjects(p, app(c.destination), objects(c.yaml), scopeOf);
      assert.deepEqual(
        violations.map((v) => v.rule),
        c.rules,
        violations.map((v) => v.message).join('\n'),
      );
    });
  }

  test('a message names the object, the project and the list', () => {
    const [v] = checkObjects(project(team), app(kube), objects(role), scopeOf);
    assert.equal(
      v.message,
      'ClusterRole/admin2: project "p" does not allow cluster-scoped rbac.authorization.k8s.io/ClusterRole (clusterResourceWhitelist)',
    );
  });
});
