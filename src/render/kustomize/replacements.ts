import { RenderError } from '../../core/errors.js';
import { setSlot, slotValue } from './field-spec.js';
import { FieldPathError, lookup, matchSlots, smarterPathSplit } from './field-path.js';
import type { FieldOptionsInput, ReplacementInput, SelectorInput } from './kustomization.js';
import { matchesLabelSelector } from './label-selector.js';
import { effectiveNamespace, gvkSelected, type ResId } from './res-id.js';
import type { ResourceMap } from './resource-map.js';
import { scalarText, stringMap, type Resource } from './resource.js';
import { resolveGoPlain } from './yaml-scalars.js';
import { deepCopy, parseYamlDocument } from './yaml-io.js';
import type { KustLoader } from './kust-loader.js';

/** All ids of a resource, as replacements see them (no cluster-scope lookup, like MakeResIds). */
function resIds(r: Resource): ResId[] {
  return [r.curId(), ...r.prevIds()];
}

function selectorId(s: SelectorInput): ResId {
  return { group: s.group ?? '', version: s.version ?? '', kind: s.kind ?? '', name: s.name ?? '', namespace: s.namespace ?? '' };
}

function isEmptyId(id: ResId): boolean {
  return !id.group && !id.version && !id.kind && !id.name && !id.namespace;
}

/** ResId.IsSelectedBy: exact name, effective namespace and gvk, each only when the selector sets it. */
function selectedBy(id: ResId, sel: ResId): boolean {
  return (
    (sel.name === '' || sel.name === id.name) &&
    (sel.namespace === '' || effectiveNamespace(sel, false) === effectiveNamespace(id, false)) &&
    gvkSelected(id, sel)
  );
}

function matchesMeta(r: Resource, s: SelectorInput | undefined): boolean {
  if (!s) return true;
  if (s.annotationSelector && !matchesLabelSelector(s.annotationSelector, stringMap(r.annotations()))) return false;
  if (s.labelSelector && !matchesLabelSelector(s.labelSelector, stringMap(r.labels()))) return false;
  return true;
}

function describeSelector(s: SelectorInput | undefined): string {
  const id = selectorId(s ?? {});
  return `${id.kind || '[noKind]'}.${id.version || '[noVer]'}.${id.group || '[noGrp]'}/${id.name || '[noName]'}.${id.namespace || '[noNs]'}`;
}

function refine(value: unknown, options: FieldOptionsInput | undefined): unknown {
  if (!options?.delimiter) return value;
  if (typeof value === 'object' && value !== null) throw new Error('delimiter option can only be used with scalar nodes');
  const parts = scalarText(value).split(options.delimiter);
  const index = options.index ?? 0;
  if (index >= parts.length || index < 0) throw new Error(`options.index ${index} is out of bounds for value ${scalarText(value)}`);
  return parts[index];
}

/** The value a scalar target gets: the source text, typed like the target was. */
function retyped(target: unknown, text: string): unknown {
  if (typeof target === 'string') return text;
  const r = resolveGoPlain(text);
  if (typeof target === 'number') return r.type === 'int' || r.type === 'float' ? r.value : text;
  if (typeof target === 'boolean') return r.type === 'bool' ? r.value : text;
  return r.value;
}

function isScalar(v: unknown): boolean {
  return v === null || v === undefined || typeof v !== 'object';
}

function setValue(
  slot: { parent: Record<string, unknown> | unknown[]; key: string | number },
  value: unknown,
  options: FieldOptionsInput | undefined,
): void {
  const target = slotValue(slot);
  let v = deepCopy(value);
  if (options?.delimiter) {
    if (!isScalar(target)) throw new Error('delimiter option can only be used with scalar nodes');
    const tv = scalarText(target).split(options.delimiter);
    const text = scalarText(v);
    const index = options.index ?? 0;
    if (index < 0) tv.unshift(text);
    else if (index >= tv.length) tv.push(text);
    else tv[index] = text;
    v = tv.join(options.delimiter);
  }
  if (isScalar(target) && isScalar(v) && target !== undefined) setSlot(slot, retyped(target, scalarText(v)));
  else if (target === undefined && isScalar(v)) setSlot(slot, retyped(null, scalarText(v)));
  else setSlot(slot, v);
}

/** The `replacements:` transformer: copies a field of one resource into fields of others. */
export function applyReplacements(m: ResourceMap, replacements: ReplacementInput[], file: string): void {
  const fail = (msg: string, cause?: unknown): never => {
    throw new RenderError(`${file}: replacements: ${msg}`, { file, cause });
  };
  for (const rep of replacements) {
    if (!rep.source || !rep.targets) fail('replacements must specify a source and at least one target');
    const src = rep.source!;
    const srcId = selectorId(src);
    const matches = m.resources().filter((r) => resIds(r).some((id) => selectedBy(id, srcId)));
    if (matches.length > 1) fail(`multiple matches for selector ${describeSelector(src)}`);
    if (matches.length === 0) fail(`nothing selected by ${describeSelector(src)}`);
    const fieldPath = src.fieldPath || 'metadata.name';
    let value: unknown;
    try {
      value = lookup(matches[0].obj, smarterPathSplit(fieldPath));
      if (value === undefined || value === null || (typeof value === 'object' && Object.keys(value).length === 0)) {
        fail(`fieldPath \`${fieldPath}\` is missing for replacement source ${describeSelector(src)}`);
      }
      value = refine(value, src.options);
    } catch (cause) {
      if (cause instanceof RenderError) throw cause;
      fail(cause instanceof Error ? cause.message : String(cause), cause);
    }
    for (const t of rep.targets!) {
      if (!t.select) fail('target must specify resources to select');
      const sel = selectorId(t.select!);
      const fieldPaths = t.fieldPaths && t.fieldPaths.length > 0 ? t.fieldPaths : ['metadata.name'];
      for (const r of m.resources()) {
        if (!matchesMeta(r, t.select)) continue;
        if ((t.reject ?? []).some((rj) => (rj.annotationSelector || rj.labelSelector) && matchesMeta(r, rj))) continue;
        const ids = resIds(r);
        if (!ids.some((id) => selectedBy(id, sel))) continue;
        if ((t.reject ?? []).some((rj) => !isEmptyId(selectorId(rj)) && ids.some((id) => selectedBy(id, selectorId(rj))))) continue;
        for (const fp of fieldPaths) {
          const create = t.options?.create
            ? Array.isArray(value)
              ? 'seq'
              : typeof value === 'object' && value !== null
                ? 'map'
                : 'scalar'
            : undefined;
          let slots;
          try {
            slots = matchSlots(r.obj, smarterPathSplit(fp), create);
          } catch (cause) {
            const msg = cause instanceof FieldPathError ? cause.message : String(cause);
            // biome-ignore lint/correctness/noVoidTypeReturn: fail() throws; the return tells the compiler so
            return fail(`${create ? 'unable to find or create' : 'unable to find'} field "${fp}" in replacement target: ${msg}`, cause);
          }
          if (slots.length === 0)
            fail(`${create ? 'unable to find or create' : 'unable to find'} field "${fp}" in replacement target ${r.kind}/${r.name}`);
          try {
            for (const slot of slots) setValue(slot, value, t.options);
          } catch (cause) {
            fail(cause instanceof Error ? cause.message : String(cause), cause);
          }
        }
      }
    }
  }
  m.invalidate();
}

/** Replacement entries with `path:` are read from files (a list or a single replacement). */
export function replacementsFromDocument(doc: unknown): ReplacementInput[] {
  if (Array.isArray(doc)) return doc as ReplacementInput[];
  if (doc && typeof doc === 'object') return [doc as ReplacementInput];
  throw new Error('unsupported replacement type encountered within replacement path');
}

/** The replacements of a `replacements:` list: inline ones as they are, `path:` ones read from their files (relative to `ldr`). */
export async function loadReplacements(entries: ReplacementInput[], ldr: KustLoader, file: string): Promise<ReplacementInput[]> {
  const list: ReplacementInput[] = [];
  for (const r of entries) {
    if (r.path && (r.source || (r.targets?.length ?? 0) > 0))
      throw new RenderError(`${file}: replacements: cannot specify both path and inline replacement`, { file });
    if (!r.path) {
      list.push(r);
      continue;
    }
    const { text, file: rFile } = await ldr.load(r.path);
    try {
      list.push(...replacementsFromDocument(parseYamlDocument(text, rFile)));
    } catch (cause) {
      if (cause instanceof RenderError) throw cause;
      throw new RenderError(`${rFile}: ${cause instanceof Error ? cause.message : String(cause)}`, { file: rFile, cause });
    }
  }
  return list;
}
