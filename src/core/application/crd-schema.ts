import { type FieldSpec, type ObjectFieldSpec, SPEC_FIELDS } from './application-fields.js';
import { APPLICATION_KIND } from './resolve-application.js';

export const APPLICATION_GROUP = 'tideway.dev';
export const APPLICATION_VERSION = 'v1alpha1';
export const APPLICATION_PLURAL = 'applications';

/** An OpenAPI v3 schema as a CRD holds it (structural: every field typed, or marked free). */
export type OpenApiSchema = Record<string, unknown>;

const str = (description: string, extra: { enum?: readonly string[] } = {}): FieldSpec => ({ type: 'string', description, ...extra });
const obj = (description: string, fields: Record<string, FieldSpec>): ObjectFieldSpec => ({ type: 'object', description, fields });
const SYNC_RESULT = ['Running', 'Succeeded', 'Failed', 'Interrupted', 'Cancelled'] as const;
const OPERATION = obj('A sync.', {
  id: { type: 'integer', description: 'Its number in the agent’s history.' },
  revision: str('The commit synced.'),
  trigger: str('What started it (poll, webhook, drift, user, rollback, startup).'),
  who: str('The commit author or the user who asked.'),
  phase: str('Running, Succeeded, Failed, ...', { enum: SYNC_RESULT }),
  startedAt: str('When it started (RFC 3339).'),
  finishedAt: str('When it finished (RFC 3339).'),
  message: str('Why it failed, if it did.'),
});

/** What the agent writes to the status subresource (the full history stays in its store). */
export const STATUS_FIELDS = obj('The observed state, written by the Tideway agent.', {
  observedGeneration: { type: 'integer', description: 'The generation of the spec the agent last read.' },
  sync: obj('Sync state.', {
    status: str('Synced, OutOfSync or Unknown.'),
    revision: str('The live revision (during a rollback too).'),
  }),
  health: obj('Health of the app’s objects.', { status: str('Healthy, Progressing, Degraded, ...'), message: str('Why.') }),
  conditions: {
    type: 'list',
    description: 'Conditions (InvalidSpec, SyncError, ...).',
    items: obj('A condition.', {
      type: str('Its type.'),
      status: str('True, False or Unknown.'),
      reason: str('A CamelCase reason.'),
      message: str('What happened.'),
      lastTransitionTime: str('When it last changed (RFC 3339).'),
    }),
  },
  operationState: OPERATION,
  history: { type: 'list', description: 'The last 10 syncs, newest first.', items: OPERATION },
  reconciledAt: str('When the agent last wrote this status (RFC 3339).'),
});

/** The OpenAPI schema of one field of the table. */
export function fieldSchema(spec: FieldSpec): OpenApiSchema {
  const described = (schema: OpenApiSchema): OpenApiSchema => (spec.description ? { ...schema, description: spec.description } : schema);
  switch (spec.type) {
    case 'string':
      return described({ type: 'string', ...(spec.enum ? { enum: [...spec.enum] } : {}) });
    case 'boolean':
      return described({ type: 'boolean' });
    case 'integer':
    case 'number':
      return described({ type: spec.type, ...(spec.minimum !== undefined ? { minimum: spec.minimum } : {}) });
    case 'list':
      return described({ type: 'array', items: fieldSchema(spec.items) });
    case 'object':
      return described({
        type: 'object',
        properties: Object.fromEntries(Object.entries(spec.fields).map(([k, v]) => [k, fieldSchema(v)])),
        ...(spec.required?.length ? { required: [...spec.required] } : {}),
        ...(spec.oneOfRequired?.length ? { oneOf: spec.oneOfRequired.map((f) => ({ required: [f] })) } : {}),
      });
    case 'free':
      return described(
        spec.shape === 'object'
          ? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }
          : { 'x-kubernetes-preserve-unknown-fields': true },
      );
  }
}

/** The CustomResourceDefinition `applications.tideway.dev`: schema from the validation's field table. */
export function applicationCrd(): Record<string, unknown> {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${APPLICATION_PLURAL}.${APPLICATION_GROUP}`,
      labels: { 'app.kubernetes.io/name': 'tideway', 'app.kubernetes.io/component': 'crd' },
    },
    spec: {
      group: APPLICATION_GROUP,
      names: {
        kind: APPLICATION_KIND,
        listKind: `${APPLICATION_KIND}List`,
        plural: APPLICATION_PLURAL,
        singular: 'application',
        shortNames: ['twapp'],
        categories: ['tideway'],
      },
      scope: 'Namespaced',
      versions: [
        {
          name: APPLICATION_VERSION,
          served: true,
          storage: true,
          subresources: { status: {} },
          additionalPrinterColumns: [
            { name: 'Sync', type: 'string', jsonPath: '.status.sync.status' },
            { name: 'Health', type: 'string', jsonPath: '.status.health.status' },
            { name: 'Revision', type: 'string', jsonPath: '.status.sync.revision' },
            { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
          ],
          schema: {
            openAPIV3Schema: {
              type: 'object',
              description: 'A Tideway Application: a Git path (or chart) kept in sync with a destination.',
              properties: {
                apiVersion: { type: 'string' },
                kind: { type: 'string' },
                metadata: { type: 'object' },
                spec: fieldSchema(SPEC_FIELDS),
                status: fieldSchema(STATUS_FIELDS),
              },
              required: ['spec'],
            },
          },
        },
      ],
    },
  };
}
