import { fieldSchema } from '../application/crd-schema.js';
import { PROJECT_SPEC_FIELDS } from './project-fields.js';
import { PROJECT_KIND } from './project.js';

export const PROJECT_GROUP = 'tideway.dev';
export const PROJECT_VERSION = 'v1alpha1';
export const PROJECT_PLURAL = 'projects';

/** The CustomResourceDefinition `projects.tideway.dev`: schema from the Project field table. */
export function projectCrd(): Record<string, unknown> {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${PROJECT_PLURAL}.${PROJECT_GROUP}`,
      labels: { 'app.kubernetes.io/name': 'tideway', 'app.kubernetes.io/component': 'crd' },
    },
    spec: {
      group: PROJECT_GROUP,
      names: {
        kind: PROJECT_KIND,
        listKind: `${PROJECT_KIND}List`,
        plural: PROJECT_PLURAL,
        singular: 'project',
        shortNames: ['twproj'],
        categories: ['tideway'],
      },
      scope: 'Namespaced',
      versions: [
        {
          name: PROJECT_VERSION,
          served: true,
          storage: true,
          additionalPrinterColumns: [
            { name: 'Description', type: 'string', jsonPath: '.spec.description' },
            { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
          ],
          schema: {
            openAPIV3Schema: {
              type: 'object',
              description:
                'A Tideway Project: what its Applications may do. Read by the agent in its own namespace only; a Project of the same name in the agent’s files wins.',
              properties: {
                apiVersion: { type: 'string' },
                kind: { type: 'string' },
                metadata: { type: 'object' },
                spec: fieldSchema(PROJECT_SPEC_FIELDS),
              },
            },
          },
        },
      ],
    },
  };
}
