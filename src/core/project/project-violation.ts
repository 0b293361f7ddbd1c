/** Which rule of a project an app or an object broke: the vocabulary of `ProjectViolation` conditions. */
export type ProjectRule =
  | 'UnknownProject'
  | 'ChildProject'
  | 'SourceNamespace'
  | 'SourceRepo'
  | 'LocalSource'
  | 'AgentDataDir'
  | 'Destination'
  | 'HelmLookup'
  | 'ClusterResource'
  | 'NamespacedResource'
  | 'ObjectNamespace'
  | 'HostService'
  | 'ExecProbe'
  | 'LoaderEnv'
  | 'RemoteProbe'
  | 'Hooks'
  | 'ProjectObject';

/** One broken rule: `message` names the project, the rule and the field or object concerned. */
export interface ProjectViolation {
  rule: ProjectRule;
  message: string;
}

/** The violations as one line each, `Rule: message`, for a condition or an error. */
export function describeViolations(violations: readonly ProjectViolation[], max = 10): string {
  const lines = violations.slice(0, max).map((v) => `${v.rule}: ${v.message}`);
  if (violations.length > max) lines.push(`... and ${violations.length - max} more`);
  return lines.join('; ');
}
