/** A Kubernetes LabelSelector (`matchLabels`, `matchExpressions`), as policies and bindings write it. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }>;
}

/** True when `labels` satisfy every term of `selector`; an empty or absent selector matches everything. */
export function selectorMatches(selector: LabelSelector | undefined, labels: Readonly<Record<string, string>>): boolean {
  if (!selector) return true;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) if (labels[key] !== value) return false;
  for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, key);
    switch (operator) {
      case 'In':
        if (!has || !values.includes(labels[key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}

/** The problem with a selector's shape (for policy validation), or undefined. */
export function selectorProblem(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) return 'must be a mapping with matchLabels and/or matchExpressions';
  const { matchLabels, matchExpressions, ...rest } = value as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length) return `unknown field ${unknown[0]} (expected matchLabels, matchExpressions)`;
  if (matchLabels !== undefined && (typeof matchLabels !== 'object' || matchLabels === null || Array.isArray(matchLabels)))
    return 'matchLabels must be a mapping of strings';
  for (const v of Object.values((matchLabels ?? {}) as object)) if (typeof v !== 'string') return 'matchLabels values must be strings';
  if (matchExpressions === undefined) return undefined;
  if (!Array.isArray(matchExpressions)) return 'matchExpressions must be a list';
  for (const [i, e] of matchExpressions.entries()) {
    const term = e as { key?: unknown; operator?: unknown; values?: unknown };
    if (typeof term?.key !== 'string') return `matchExpressions[${i}].key must be a string`;
    if (!['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(term.operator as string))
      return `matchExpressions[${i}].operator must be one of In, NotIn, Exists, DoesNotExist`;
    const needsValues = term.operator === 'In' || term.operator === 'NotIn';
    if (needsValues && (!Array.isArray(term.values) || term.values.length === 0 || term.values.some((v) => typeof v !== 'string')))
      return `matchExpressions[${i}].values must be a non-empty list of strings for ${term.operator}`;
    if (!needsValues && Array.isArray(term.values) && term.values.length)
      return `matchExpressions[${i}].values must be empty for ${term.operator}`;
  }
  return undefined;
}
