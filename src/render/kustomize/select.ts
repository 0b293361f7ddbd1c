import type { SelectorInput } from './kustomization.js';
import { matchesLabelSelector } from './label-selector.js';
import { effectiveNamespace, isClusterScoped } from './res-id.js';
import type { ResourceMap } from './resource-map.js';
import { stringMap, type Resource } from './resource.js';

/** Go regexp syntax as JavaScript: anchored; a leading `(?i)` becomes the `i` flag. */
function anchored(pattern: string | undefined): RegExp | undefined {
  if (!pattern) return undefined;
  const insensitive = pattern.startsWith('(?i)');
  return new RegExp(`^(?:${insensitive ? pattern.slice(4) : pattern})$`, insensitive ? 'i' : '');
}

/**
 * Resources a patch or replacement `target` selects: group, version, kind, name and namespace are
 * anchored regular expressions (name and namespace match the original or the current id), plus
 * label and annotation selectors.
 */
export function selectResources(m: ResourceMap, s: SelectorInput): Resource[] {
  const group = anchored(s.group);
  const version = anchored(s.version);
  const kind = anchored(s.kind);
  const name = anchored(s.name);
  const namespace = anchored(s.namespace);
  const out: Resource[] = [];
  for (const r of m.resources()) {
    const cur = r.curId();
    const org = r.orgId();
    if (namespace) {
      const orgNs = r.prev.length > 0 ? effectiveNamespace(org, false) : effectiveNamespace(org, isClusterScoped(org));
      if (!namespace.test(orgNs) && !namespace.test(effectiveNamespace(cur))) continue;
    }
    if (name && !name.test(org.name) && !name.test(cur.name)) continue;
    if (group && !group.test(cur.group)) continue;
    if (version && !version.test(cur.version)) continue;
    if (kind && !kind.test(cur.kind)) continue;
    if (s.labelSelector && !matchesLabelSelector(s.labelSelector, stringMap(r.labels()))) continue;
    if (s.annotationSelector && !matchesLabelSelector(s.annotationSelector, stringMap(r.annotations()))) continue;
    out.push(r);
  }
  return out;
}
