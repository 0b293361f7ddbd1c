import { RenderError } from '../../core/errors.js';
import { applyFieldSpec, FieldSpecError, setSlot, slotValue, type FieldSpec, type Slot } from './field-spec.js';
import { effectiveNamespace, gvkSelected, idString, isClusterScoped, type Gvk, type ResId } from './res-id.js';
import type { ResourceMap } from './resource-map.js';
import type { JsonObject, Resource } from './resource.js';
import type { NameBackReferences } from './transformer-config.js';

function isMap(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** kustomize's SameEndingSubSlice: the shorter list is a suffix of the longer one. */
export function sameEnding(a: string[], b: string[]): boolean {
  const [short, long] = a.length > b.length ? [b, a] : [a, b];
  const diff = long.length - short.length;
  if (short.length === 0) return diff === 0;
  for (let i = short.length - 1; i >= 0; i--) if (long[i + diff] !== short[i]) return false;
  return true;
}

function affixesEqual(r: Resource, o: Resource, allowEmpty: boolean): boolean {
  if (allowEmpty) {
    const pre = r.prefixes.length === 0 || o.prefixes.length === 0 || sameEnding(r.prefixes, o.prefixes);
    const suf = r.suffixes.length === 0 || o.suffixes.length === 0 || sameEnding(r.suffixes, o.suffixes);
    return pre && suf;
  }
  return sameEnding(r.prefixes, o.prefixes) && sameEnding(r.suffixes, o.suffixes);
}

/** Per-resource facts computed once per run. */
interface Info {
  r: Resource;
  cur: ResId;
  curScoped: boolean;
  curEffNs: string;
  orgEffNs: string;
  prev: ResId[];
}

function info(r: Resource): Info {
  const cur = r.curId();
  const curScoped = isClusterScoped(cur);
  const prev = r.prevIds();
  const org = prev.length > 0 ? prev[0] : cur;
  return {
    r,
    cur,
    curScoped,
    prev,
    curEffNs: effectiveNamespace(cur, curScoped),
    orgEffNs: prev.length > 0 ? effectiveNamespace(org, false) : effectiveNamespace(org, curScoped),
  };
}

/**
 * Fixes references by name (volumes, envFrom, roleRefs, subjects, ...) after resources were renamed
 * by prefixes, suffixes, hashes or patches — kustomize's nameReference transformer. Candidates are
 * found through an index by previous name, so the cost grows with the number of references.
 */
export function fixNameReferences(m: ResourceMap, backRefs: NameBackReferences[], file: string): void {
  const infos = new Map<Resource, Info>();
  const byPrevName = new Map<string, Info[]>();
  for (const r of m.resources()) {
    const i = info(r);
    infos.set(r, i);
    for (const name of new Set(i.prev.map((p) => p.name))) {
      const list = byPrevName.get(name);
      if (list) list.push(i);
      else byPrevName.set(name, [i]);
    }
  }
  if (byPrevName.size === 0) return;

  // Referrers by the kind of their original id, so each field spec only looks at its own kind.
  const orgIds = new Map<Resource, ResId>();
  const byOrgKind = new Map<string, Resource[]>();
  for (const r of m.resources()) {
    const org = r.orgId();
    orgIds.set(r, org);
    const list = byOrgKind.get(org.kind);
    if (list) list.push(r);
    else byOrgKind.set(org.kind, [r]);
  }
  const work = new Map<Resource, { fs: FieldSpec; target: Gvk }[]>();
  for (const br of backRefs) {
    for (const fs of br.referrers) {
      for (const r of fs.kind ? (byOrgKind.get(fs.kind) ?? []) : m.resources()) {
        if (!gvkSelected(orgIds.get(r)!, fs)) continue;
        let list = work.get(r);
        if (!list) work.set(r, (list = []));
        list.push({ fs, target: br.gvk });
      }
    }
  }
  // kustomize visits referrers in no particular order; keep the resource order.
  const ordered = m.resources().filter((r) => work.has(r));

  for (const r of ordered) {
    const filters = work.get(r)!;
    const ref = infos.get(r)!;
    const rbNamespaces = roleBindingNamespaces(r);
    const couldRefer = (c: Info): boolean => ref.curScoped || c.curScoped || c.curEffNs === ref.curEffNs || rbNamespaces.has(c.r.namespace);
    for (const { fs, target } of filters) {
      const roleRef = fs.path.endsWith('roleRef/name') ? roleRefGvk(r) : undefined;
      const select = (oldName: string, pool: Info[] | undefined, sameFn: (l: Info[]) => boolean): Info | undefined => {
        let c = (pool ?? byPrevName.get(oldName) ?? []).filter((x) => couldRefer(x) && x.prev.some((p) => p.name === oldName));
        c = c.filter((x) => x.prev.some((p) => gvkSelected(p, target)));
        if (roleRef) c = c.filter((x) => x.prev.some((p) => gvkSelected(p, roleRef)));
        if (!ref.curScoped) c = c.filter((x) => x.curScoped || x.r.kind === 'ServiceAccount' || x.curEffNs === ref.curEffNs);
        if (c.length === 1) return c[0];
        c = c.filter((x) => affixesEqual(x.r, r, true));
        if (c.length > 1) c = c.filter((x) => affixesEqual(x.r, r, false));
        if (c.length === 1) return c[0];
        if (c.length === 0) return undefined;
        if (sameFn(c)) return c[0];
        throw new RenderError(
          `${file}: found multiple possible referrals: ${c.map((x) => idString(x.cur)).join(', ')} for '${fs.path}' of ${idString(ref.cur)}`,
          { file },
        );
      };
      const setScalar = (slot: Slot): void => {
        const v = slotValue(slot);
        if (typeof v !== 'string') return;
        const hit = select(v, undefined, (l) => l.every((x) => x.r.name === l[0].r.name));
        if (hit && hit.r.name !== v) setSlot(slot, hit.r.name);
      };
      const setMapping = (node: JsonObject): void => {
        if (!('name' in node))
          throw new RenderError(`${file}: path config error; no 'name' field in node at '${fs.path}' of ${idString(ref.cur)}`, { file });
        const oldName = typeof node.name === 'string' ? node.name : String(node.name);
        let pool: Info[] | undefined;
        if ('namespace' in node) {
          const ns = typeof node.namespace === 'string' ? node.namespace : String(node.namespace);
          const all = m
            .resources()
            .map((x) => infos.get(x)!)
            .filter(couldRefer);
          const byOrg = all.filter((x) => x.orgEffNs === ns);
          pool = byOrg.length > 0 ? byOrg : all.filter((x) => x.curEffNs === ns);
        }
        const hit = select(oldName, pool, (l) => l.every((x) => x.r.name === l[0].r.name && x.r.namespace === l[0].r.namespace));
        if (!hit) return;
        if (hit.r.name === oldName && hit.r.namespace === '') return;
        node.name = hit.r.name;
        if (hit.r.namespace !== '') node.namespace = hit.r.namespace;
      };
      const spec: FieldSpec = { ...fs, ...r.gvk(), create: false };
      try {
        applyFieldSpec(r.obj, spec, (slot) => {
          const v = slotValue(slot);
          if (v === null || v === undefined) return;
          if (Array.isArray(v)) {
            v.forEach((e, i) => {
              if (e === null || e === undefined) return;
              if (isMap(e)) setMapping(e);
              else if (typeof e === 'object')
                throw new RenderError(`${file}: ${fs.path} of ${idString(ref.cur)} is expected to be either a string or a map of string`, {
                  file,
                });
              else setScalar({ parent: v, key: i });
            });
          } else if (isMap(v)) {
            setMapping(v);
          } else {
            setScalar(slot);
          }
        });
      } catch (cause) {
        if (cause instanceof FieldSpecError) {
          throw new RenderError(`${file}: updating name reference in '${fs.path}' field of '${idString(ref.cur)}': ${cause.message}`, {
            file,
            cause,
          });
        }
        throw cause;
      }
    }
  }
  m.invalidate();
}

function roleBindingNamespaces(r: Resource): Set<string> {
  const out = new Set<string>();
  if (r.kind !== 'RoleBinding') return out;
  const subjects = r.obj.subjects;
  if (!Array.isArray(subjects)) return out;
  for (const s of subjects) {
    if (isMap(s) && 'namespace' in s && 'kind' in s && s.kind === 'ServiceAccount' && typeof s.namespace === 'string') out.add(s.namespace);
  }
  return out;
}

function roleRefGvk(r: Resource): Gvk | undefined {
  const roleRef = r.obj.roleRef;
  if (!isMap(roleRef) || typeof roleRef.apiGroup !== 'string' || typeof roleRef.kind !== 'string') return undefined;
  return { group: roleRef.apiGroup, version: '', kind: roleRef.kind };
}
