import type { FieldSpec, ObjectFieldSpec } from '../application/application-fields.js';

/**
 * The shape of a Project's `spec`, declared once, as the Application's is: the validator
 * (`resolve-project.ts`) takes its lists of known fields from here, and the Project CRD's schema
 * (`project-crd.ts`, `npm run gen:crd`) is generated from here.
 */
const str = (description: string, extra: { enum?: readonly string[] } = {}): FieldSpec => ({ type: 'string', description, ...extra });
const bool = (description: string): FieldSpec => ({ type: 'boolean', description });
const globs = (description: string): FieldSpec => ({ type: 'list', description, items: str('') });
const obj = (description: string, fields: Record<string, FieldSpec>, required?: readonly string[]): ObjectFieldSpec => ({
  type: 'object',
  description,
  fields,
  ...(required ? { required } : {}),
});
const kinds = (description: string): FieldSpec => ({
  type: 'list',
  description,
  items: obj('A kind: group and kind are globs; the core group is "".', { group: str('API group glob.'), kind: str('Kind glob.') }, [
    'group',
    'kind',
  ]),
});

export const PROJECT_DESTINATION_FIELDS = obj('A destination apps may deploy to (unset globs are "*").', {
  target: str('kubernetes (default) or host (the agent’s own machine).', { enum: ['kubernetes', 'host'] }),
  context: str('Kubeconfig context glob.'),
  server: str('API server URL glob.'),
  name: str('Registered cluster name glob.'),
  namespace: str('Namespace glob.'),
});

export const PROJECT_PERMISSION_FIELDS = obj('Switches for the dangerous features, all false unless set.', {
  localSources: bool('Local paths and file:// repoURLs (never for child apps).'),
  helmLookup: bool('spec.source.helm.lookup: true.'),
  hooks: bool('Objects with hook annotations.'),
  hostServices: bool('host.tideway.dev Services (they run commands).'),
  execProbes: bool('exec readiness probes of host Services.'),
  loaderEnv: bool('Loader and runtime injection variables in a host Service’s env (under the agent’s --allow-loader-env).'),
  remoteProbes: bool('Host Service probes to other hosts than loopback (under the agent’s --allow-remote-probes).'),
});

export const PROJECT_SPEC_FIELDS = obj('What the Applications of this project may do.', {
  description: str('What the project is for.'),
  sourceRepos: globs('Repository URL globs; a leading "!" denies. Empty: none.'),
  destinations: { type: 'list', description: 'Allowed destinations. Empty: none.', items: PROJECT_DESTINATION_FIELDS },
  clusterResourceWhitelist: kinds('Cluster-scoped kinds allowed (empty: none).'),
  clusterResourceBlacklist: kinds('Cluster-scoped kinds denied.'),
  namespaceResourceWhitelist: kinds('Namespaced kinds allowed (empty: all).'),
  namespaceResourceBlacklist: kinds('Namespaced kinds denied.'),
  parentProjects: globs('Projects whose apps may declare child Applications in this one.'),
  sourceNamespaces: globs('Namespace globs whose Application objects may belong to this project (besides the agent’s own).'),
  permissions: PROJECT_PERMISSION_FIELDS,
});
