/**
 * The shape of an Application's `spec`, declared once. The validators (`resolve-*.ts`) take their
 * lists of known fields from here, and the CRD's OpenAPI schema (`crd-schema.ts`) is generated from
 * here: a field added to the validator but not to this table is refused as unknown, and a field in
 * this table reaches `deploy/` through `npm run gen:crd` (a test fails while `deploy/` is stale).
 * Types are checked against the validator by `application-fields.test.ts` (a wrong type at every
 * leaf must be refused at that field's path).
 */
export type FieldSpec =
  | { type: 'string'; description: string; enum?: readonly string[] }
  | { type: 'boolean'; description: string }
  | { type: 'integer' | 'number'; description: string; minimum?: number }
  | {
      type: 'object';
      description: string;
      fields: Readonly<Record<string, FieldSpec>>;
      required?: readonly string[];
      /** Exactly one of these fields must be given (spec: source or sources). */
      oneOfRequired?: readonly string[];
    }
  | { type: 'list'; description: string; items: FieldSpec }
  /** Any YAML: `object` keeps arbitrary keys (Helm values), `scalar` a string, number or boolean, `any` anything. */
  | { type: 'free'; description: string; shape: 'object' | 'scalar' | 'any' };

export type ObjectFieldSpec = Extract<FieldSpec, { type: 'object' }>;

const str = (description: string, extra: { enum?: readonly string[] } = {}): FieldSpec => ({ type: 'string', description, ...extra });
const bool = (description: string): FieldSpec => ({ type: 'boolean', description });
const strings = (description: string): FieldSpec => ({ type: 'list', description, items: str('') });
const obj = (description: string, fields: Record<string, FieldSpec>, required?: readonly string[]): ObjectFieldSpec => ({
  type: 'object',
  description,
  fields,
  ...(required ? { required } : {}),
});
const secretRef = (description: string) => obj(description, { name: str('Name of a Secret in the agent’s namespace.') }, ['name']);

export const DIRECTORY_FIELDS = obj('Plain-directory rendering options.', {
  recurse: bool('Read subdirectories too.'),
  include: str('Glob (or {a,b} list) of files to include, relative to the path.'),
  exclude: str('Glob of files to exclude, relative to the path.'),
});

export const KUSTOMIZE_FIELDS = obj('Kustomize options.', {
  allowRemoteBases: bool('Allow remote bases and resources (fetched over the network).'),
});

export const DECRYPTION_FIELDS = obj(
  'SOPS decryption of the files under the path.',
  { provider: str('The decryption provider.', { enum: ['sops'] }), secretRef: secretRef('Secret holding the decryption keys.') },
  ['provider'],
);

export const VERIFY_KEYS_FIELDS = obj('Trusted keys.', {
  gpg: strings('Armored OpenPGP public key blocks.'),
  ssh: strings('SSH public key lines.'),
  gpgFiles: strings('Files holding OpenPGP public keys.'),
  sshFiles: strings('Files holding SSH public keys.'),
  secretRef: secretRef('Secret holding trusted keys.'),
});

export const VERIFY_FIELDS = obj(
  'Only revisions signed by these keys are rendered.',
  { mode: str('What must be signed.', { enum: ['HEAD', 'Tag', 'TagAndHEAD'] }), keys: VERIFY_KEYS_FIELDS },
  ['keys'],
);

export const HELM_FIELDS = obj('How a Helm chart is rendered (Argo CD’s field names).', {
  releaseName: str('Release name (default: the app name).'),
  valueFiles: strings('Values files relative to the chart, or $ref/path of another source.'),
  ignoreMissingValueFiles: bool('Skip values files that do not exist.'),
  values: str('A YAML document of values.'),
  valuesObject: { type: 'free', shape: 'object', description: 'Values as a mapping (wins over values).' },
  parameters: {
    type: 'list',
    description: 'Values set one by one (--set).',
    items: obj(
      'One parameter.',
      {
        name: str('Value path.'),
        value: { type: 'free', shape: 'scalar', description: 'The value.' },
        forceString: bool('Keep the value a string (--set-string).'),
      },
      ['name'],
    ),
  },
  fileParameters: {
    type: 'list',
    description: 'Values read from files (--set-file).',
    items: obj('One file parameter.', { name: str('Value path.'), path: str('File relative to the chart.') }, ['name', 'path']),
  },
  skipCrds: bool('Leave out the chart’s CRDs.'),
  skipTests: bool('Leave out the chart’s test hooks.'),
  namespace: str('Release namespace (default: the destination namespace).'),
  kubeVersion: str('Kubernetes version templates see (Capabilities.KubeVersion).'),
  apiVersions: strings('API versions templates see (Capabilities.APIVersions).'),
  lookup: bool('Let lookup read the destination cluster (read-only).'),
  passCredentials: bool('Accepted for Argo CD’s sake.'),
  version: str('Accepted for Argo CD’s sake.'),
});

export const SOURCE_FIELDS = obj(
  'Where the desired state comes from.',
  {
    repoURL: str('Git repository URL (or a Helm chart repository with chart, or oci://).'),
    targetRevision: str('Branch, tag or commit (or chart version); default HEAD.'),
    path: str('Directory inside the repository; default the root.'),
    directory: DIRECTORY_FIELDS,
    interval: str('How often the repository is polled (e.g. 1m); default 1m.'),
    kustomize: KUSTOMIZE_FIELDS,
    chart: str('A chart of the Helm repository repoURL.'),
    helm: HELM_FIELDS,
    decryption: DECRYPTION_FIELDS,
    verify: VERIFY_FIELDS,
  },
  ['repoURL'],
);

export const DESTINATION_FIELDS = obj('Where the app is deployed.', {
  context: str('kubeconfig context.'),
  server: str('API server URL (https://kubernetes.default.svc: the agent’s own cluster).'),
  name: str('Name of a cluster registered as a Secret labelled tideway.dev/secret-type: cluster.'),
  namespace: str('Default namespace of namespaced objects.'),
  target: str('kubernetes (default) or host.', { enum: ['kubernetes', 'host'] }),
});

export const AUTOMATED_FIELDS = obj('Automated sync.', {
  prune: bool('Delete objects that left Git.'),
  selfHeal: bool('Undo changes made in the cluster.'),
  allowEmpty: bool('Allow a sync that would delete every object.'),
});

export const RETRY_FIELDS = obj('Retries of failed syncs.', {
  limit: { type: 'integer', minimum: 0, description: 'Retries (default 5).' },
  backoff: obj('Delay between retries.', {
    duration: str('First delay (default 5s).'),
    factor: { type: 'number', minimum: 1, description: 'Growth of the delay (default 2).' },
    maxDuration: str('Longest delay (default 3m).'),
  }),
});

export const SYNC_POLICY_FIELDS = obj('When and how the app is synced.', {
  automated: AUTOMATED_FIELDS,
  syncOptions: strings('Options such as CreateNamespace=true.'),
  retry: RETRY_FIELDS,
});

export const IGNORE_DIFFERENCE_FIELDS = obj(
  'A rule: differences at these paths (or owned by these managers) of matching objects are ignored.',
  {
    group: str('API group of the objects.'),
    kind: str('Kind of the objects.'),
    name: str('Name of the object.'),
    namespace: str('Namespace of the object.'),
    jsonPointers: strings('JSON pointers (RFC 6901) such as /spec/replicas.'),
    jqPathExpressions: strings('jq paths such as .spec.replicas.'),
    managedFieldsManagers: strings('Field managers whose fields are ignored.'),
  },
  ['kind'],
);

export const SPEC_FIELDS: ObjectFieldSpec = {
  oneOfRequired: ['source', 'sources'],
  ...obj('The desired state of a Tideway Application.', {
    source: SOURCE_FIELDS,
    destination: DESTINATION_FIELDS,
    syncPolicy: SYNC_POLICY_FIELDS,
    policies: { type: 'free', shape: 'any', description: 'Directories of ValidatingAdmissionPolicies: {path} or a list of them.' },
    ignoreDifferences: {
      type: 'list',
      description: 'Differences ignored when comparing (Argo CD’s shape).',
      items: IGNORE_DIFFERENCE_FIELDS,
    },
    sources: {
      type: 'list',
      description:
        'Instead of source: one source that renders and ref sources ({repoURL, targetRevision, ref}) whose files helm.valueFiles name as $ref/path.',
      items: { type: 'free', shape: 'object', description: 'A source (as spec.source), or a ref source.' },
    },
    project: str('The Project that bounds what the app may do; default "default".'),
    healthCheckExprs: {
      type: 'list',
      description: 'Health checks of custom resources in CEL (Flux’s shape): inProgress, failed, current, the first true decides.',
      items: obj(
        'The health of one kind.',
        {
          apiVersion: str('API version of the objects (its group is matched, any version).'),
          kind: str('Kind of the objects.'),
          current: str('CEL: true when the object is healthy.'),
          inProgress: str('CEL: true while the object is still progressing.'),
          failed: str('CEL: true when the object failed.'),
        },
        ['apiVersion', 'kind', 'current'],
      ),
    },
    dependsOn: {
      type: 'list',
      description: 'Applications that must be Synced and Healthy before this one syncs.',
      items: obj('An application this one waits for.', { name: str('Its name.'), namespace: str('Its namespace (Flux’s shape).') }, [
        'name',
      ]),
    },
  }),
};

/** The known keys of an object field, for `checkMapping`. */
export function fieldNames(spec: ObjectFieldSpec): string[] {
  return Object.keys(spec.fields);
}
