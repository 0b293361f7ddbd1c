import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { applicationCrd } from '../core/application/crd-schema.js';
import { projectCrd } from '../core/project/project-crd.js';

/** Where the generated CRD is kept in the repository (part of the `deploy/` kustomization). */
export const CRD_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../deploy/base/crd/applications.tideway.dev.yaml');

/** The CRD as the file in `deploy/` holds it; regenerate with `npm run gen:crd`. */
export function renderApplicationCrd(): string {
  const header =
    '# Generated from src/core/application/application-fields.ts by `npm run gen:crd`; do not edit.\n' +
    '# The same field table drives the validation of `tideway validate` and the agent.\n';
  return header + stringify(applicationCrd(), { lineWidth: 0 });
}

/** Where the generated Project CRD is kept (part of the `deploy/` kustomization). */
export const PROJECT_CRD_FILE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../deploy/base/crd/projects.tideway.dev.yaml',
);

/** The Project CRD as the file in `deploy/` holds it; regenerate with `npm run gen:crd`. */
export function renderProjectCrd(): string {
  const header =
    '# Generated from src/core/project/project-fields.ts by `npm run gen:crd`; do not edit.\n' +
    '# The same field table drives the validation of Projects in files and in the cluster.\n';
  return header + stringify(projectCrd(), { lineWidth: 0 });
}
