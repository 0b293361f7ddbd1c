/** What a check found: a rule id (as CI reports group them), where, about which object, and what. */
export interface ValidateProblem {
  rule: ValidateRule;
  severity: 'error' | 'warning';
  file?: string;
  line?: number;
  /** `Kind/namespace/name` (or `Kind/name`), when the problem is an object's. */
  object?: string;
  message: string;
}

/**
 * - `yaml`: a file that does not parse (or is not Kubernetes objects); `render`: a render that failed
 *   (a kustomization); `duplicate`: two objects with one identity; `schema`: a field of the wrong type,
 *   an unknown field, a kind with no schema; `policy`: a ValidatingAdmissionPolicy violation;
 *   `policy-config`: a policy or binding that cannot be used; `application`: an Application that is invalid.
 */
export type ValidateRule = 'yaml' | 'render' | 'duplicate' | 'schema' | 'policy' | 'policy-config' | 'application';

export const RULE_DESCRIPTIONS: Record<ValidateRule, string> = {
  yaml: 'The file is valid YAML or JSON holding Kubernetes objects',
  render: 'The directory renders (plain manifests or a kustomization)',
  duplicate: 'No two objects share group, kind, namespace and name',
  schema: 'Objects match the Kubernetes OpenAPI schema of the chosen version, or their CustomResourceDefinition',
  policy: 'Objects pass the ValidatingAdmissionPolicies that bind to them',
  'policy-config': 'ValidatingAdmissionPolicies and their bindings are valid',
  application: 'Applications are valid',
};

/** `file:line: object: message` (parts left out when unknown), the line the text output prints. */
export function formatProblem(p: ValidateProblem): string {
  const where = p.file ? `${p.file}${p.line === undefined ? '' : `:${p.line}`}: ` : '';
  return `${where}${p.object ? `${p.object}: ` : ''}${p.message}`;
}
