import { selectorMatches, type LabelSelector } from './label-selector.js';

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

/** One entry of `resourceRules` / `excludeResourceRules`, with its defaults filled in. */
export interface ResourceRule {
  apiGroups: string[];
  apiVersions: string[];
  resources: string[];
  operations: string[];
  resourceNames: string[];
  scope: '*' | 'Cluster' | 'Namespaced';
}

/** `spec.matchConstraints` of a policy, or `spec.matchResources` of a binding. */
export interface MatchResources {
  namespaceSelector?: LabelSelector;
  objectSelector?: LabelSelector;
  resourceRules: ResourceRule[];
  excludeResourceRules: ResourceRule[];
  matchPolicy: 'Exact' | 'Equivalent';
}

/** What the API server knows of a request when it picks the policies that apply to it. */
export interface RequestAttributes {
  operation: Operation;
  group: string;
  version: string;
  resource: string;
  namespaced: boolean;
  namespace: string;
  name: string;
  /** The object's labels (for objectSelector). */
  labels: Readonly<Record<string, string>>;
  /** The labels of the object's namespace (for namespaceSelector); for a Namespace, its own. */
  namespaceLabels: Readonly<Record<string, string>>;
  isNamespace: boolean;
}

/** Groups that serve the same resources under another name (matchPolicy: Equivalent). */
const EQUIVALENT_GROUPS: Record<string, string[]> = {
  'extensions/deployments': ['apps'],
  'extensions/daemonsets': ['apps'],
  'extensions/replicasets': ['apps'],
  'apps/deployments': ['extensions'],
  'apps/daemonsets': ['extensions'],
  'apps/replicasets': ['extensions'],
  'extensions/ingresses': ['networking.k8s.io'],
  'networking.k8s.io/ingresses': ['extensions'],
  'extensions/networkpolicies': ['networking.k8s.io'],
  'networking.k8s.io/networkpolicies': ['extensions'],
};

/**
 * Whether a request falls under `match`: a rule of `resourceRules` matches it (for a binding with no
 * rules: any request its policy matched), no rule of `excludeResourceRules` does, and both selectors
 * match. With `matchPolicy: Equivalent` (the default) a rule also matches the resource under another
 * version of its group, or the group it moved from (`extensions` Deployments for an `apps` rule).
 */
export function matchesResources(match: MatchResources, request: RequestAttributes, emptyRulesMatchAll = false): boolean {
  const rulesMatch = (rules: readonly ResourceRule[]) => rules.some((rule) => ruleMatches(rule, request, match.matchPolicy));
  if (!(emptyRulesMatchAll && match.resourceRules.length === 0) && !rulesMatch(match.resourceRules)) return false;
  if (rulesMatch(match.excludeResourceRules)) return false;
  if (!selectorMatches(match.objectSelector, request.labels)) return false;
  // A cluster-scoped object other than a Namespace is never skipped by a namespaceSelector.
  if ((request.namespaced || request.isNamespace) && !selectorMatches(match.namespaceSelector, request.namespaceLabels)) return false;
  return true;
}

function ruleMatches(rule: ResourceRule, request: RequestAttributes, policy: MatchResources['matchPolicy']): boolean {
  if (!matchesAny(rule.operations, request.operation)) return false;
  if (!rule.resources.some((r) => r === '*' || r === '*/*' || r === request.resource)) return false;
  if (rule.resourceNames.length > 0 && !rule.resourceNames.includes(request.name)) return false;
  if (rule.scope === 'Cluster' && request.namespaced) return false;
  if (rule.scope === 'Namespaced' && !request.namespaced) return false;
  if (matchesAny(rule.apiGroups, request.group) && matchesAny(rule.apiVersions, request.version)) return true;
  if (policy === 'Exact') return false;
  const groups = [request.group, ...(EQUIVALENT_GROUPS[`${request.group}/${request.resource}`] ?? [])];
  return groups.some((group) => matchesAny(rule.apiGroups, group));
}

function matchesAny(values: readonly string[], value: string): boolean {
  return values.includes('*') || values.includes(value);
}
