import type { ResolvedApplication } from '../../core/application/application.js';
import { TidewayError } from '../../core/errors.js';
import type { Manifest } from '../../core/model/manifest.js';
import { checkObjects, type ScopeLookup } from '../../core/project/check-objects.js';
import type { ResolvedProject } from '../../core/project/project.js';
import { describeViolations, type ProjectViolation } from '../../core/project/project-violation.js';

/** Objects of an app broke its project: nothing was written. `violations` lists each object and rule. */
export class ProjectViolationError extends TidewayError {
  readonly violations: readonly ProjectViolation[];
  constructor(app: string, violations: readonly ProjectViolation[]) {
    super('ProjectViolation', `${app}: refused by its project before any write: ${describeViolations(violations)}`);
    this.violations = violations;
  }
}

/** Checks the desired objects (namespaces filled in) against the app's project; throws before any write. */
export function enforceProject(
  project: ResolvedProject,
  app: ResolvedApplication,
  desired: readonly Manifest[],
  scopeOf: ScopeLookup,
): void {
  const violations = checkObjects(project, app, desired, scopeOf);
  if (violations.length > 0) throw new ProjectViolationError(app.name, violations);
}
