import { dnsLabelProblem } from './dns-label.js';
import { checkString, type Mapping } from './field-checks.js';
import type { ValidationProblems } from './validation-problems.js';

/** `spec.project`: the Project the app belongs to (a DNS-1123 label); absent means `default`. */
export function resolveProjectName(spec: Mapping, problems: ValidationProblems): string | undefined {
  const name = checkString(spec, 'project', 'spec', problems);
  const problem = name === undefined ? undefined : dnsLabelProblem(name, 63);
  if (problem) problems.add('spec.project', problem);
  return problem ? undefined : name;
}
