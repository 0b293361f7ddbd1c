import { RenderError } from '../../core/errors.js';
import { applyFieldSpec, FieldSpecError, setSlot, slotValue, type FieldSpec, type Slot } from './field-spec.js';
import { convertSliceIndex, lookup, smarterPathSplit } from './field-path.js';
import type { VarInput } from './kustomization.js';
import { idKey, idString, isClusterScoped, parseApiVersion, type ResId } from './res-id.js';
import type { ResourceMap } from './resource-map.js';
import type { JsonObject } from './resource.js';

/** A declared var, defaulted (fieldPath metadata.name, group/version from apiVersion). */
export interface Var {
  name: string;
  target: ResId;
  fieldPath: string;
}

export function normalizeVar(v: VarInput): Var {
  const o = v.objref ?? ({} as VarInput['objref']);
  let group = o.group ?? '';
  let version = o.version ?? '';
  if (o.apiVersion) ({ group, version } = parseApiVersion(o.apiVersion));
  return {
    name: v.name,
    target: { group, version, kind: o.kind ?? '', name: o.name ?? '', namespace: o.namespace ?? '' },
    fieldPath: v.fieldref?.fieldPath || 'metadata.name',
  };
}

/** Vars seen so far in a build, by name; a second var with the same name is an error. */
export class VarSet {
  readonly vars = new Map<string, Var>();

  add(v: Var, file: string): void {
    if (this.vars.has(v.name)) throw new RenderError(`${file}: var '${v.name}' already encountered`, { file });
    this.vars.set(v.name, v);
  }

  mergeFrom(other: VarSet, file: string): void {
    for (const v of other.vars.values()) this.add(v, file);
  }
}

/** Marks the resource each var of a kustomization refers to (kustomize's MergeVars). */
export function bindVars(m: ResourceMap, vars: VarInput[], set: VarSet, file: string): void {
  for (const input of vars) {
    const v = normalizeVar(input);
    const t = v.target;
    // The objref's gvk is not scope-checked in kustomize: only an explicit namespace makes the match exact.
    const exact = t.namespace !== '';
    const key = idKey(t, false);
    const matched = m.resources().filter((r) => {
      const ids: [ResId, boolean][] = [[r.curId(), true], ...r.prevIds().map((p): [ResId, boolean] => [p, false])];
      return ids.some(([id, current]) => {
        if (exact) return idKey(id, current ? isClusterScoped(id) : false) === key;
        return id.name === t.name && id.group === t.group && id.version === t.version && id.kind === t.kind;
      });
    });
    if (matched.length > 1)
      throw new RenderError(`${file}: found ${matched.length} resId matches for var ${v.name} (unable to disambiguate)`, { file });
    if (matched.length === 1) matched[0].refVarNames.push(v.name);
    set.add(v, file);
  }
}

function fieldValue(obj: JsonObject, path: string): unknown {
  return lookup(obj, convertSliceIndex(smarterPathSplit(path)));
}

type Mapped = { value: unknown; found: boolean };

/** Expands $(VAR) in a string; `$$` is a literal `$`. A string that is exactly $(VAR) takes the value's type. */
export function expandVars(input: string, mapping: (name: string) => Mapped): unknown {
  let buf = '';
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] === '$' && cursor + 1 < input.length) {
      buf += input.slice(checkpoint, cursor);
      const rest = input.slice(cursor + 1);
      let read: string;
      let isVar = false;
      let advance: number;
      if (rest[0] === '$') {
        read = '$';
        advance = 1;
      } else if (rest[0] === '(') {
        const close = rest.indexOf(')', 1);
        if (close > 0) {
          read = rest.slice(1, close);
          isVar = true;
          advance = close + 1;
        } else {
          read = '$(';
          advance = 1;
        }
      } else {
        read = '$' + rest[0];
        advance = 1;
      }
      if (isVar) {
        const mapped = mapping(read);
        const text = mapped.found ? String(mapped.value) : `$(${read})`;
        if (input === `$(${read})`) return mapped.found ? mapped.value : input;
        buf += text;
      } else {
        buf += read;
      }
      cursor += advance;
      checkpoint = cursor + 1;
    }
  }
  return buf + input.slice(checkpoint);
}

/** Resolves all vars of the build and substitutes them in the varReference fields. */
export function resolveVars(m: ResourceMap, set: VarSet, varReference: FieldSpec[], file: string): void {
  if (set.vars.size === 0) return;
  const values = new Map<string, unknown>();
  for (const v of [...set.vars.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const holder = m.resources().find((r) => r.refVarNames.includes(v.name));
    if (!holder) throw new RenderError(`${file}: var '${v.name}' cannot be mapped to a field in the set of known resources`, { file });
    const value = fieldValue(holder.obj, v.fieldPath);
    if (value === undefined)
      throw new RenderError(
        `${file}: field specified in var '${v.name}' (${v.fieldPath}) not found in corresponding resource ${idString(holder.curId())}`,
        { file },
      );
    values.set(v.name, value);
  }
  const mapping = (name: string): Mapped => {
    if (!values.has(name)) return { value: undefined, found: false };
    const v = values.get(name);
    if (v === null || typeof v === 'object') return { value: undefined, found: false };
    return { value: v, found: true };
  };
  const replaceString = (slot: Slot): void => {
    const v = slotValue(slot);
    if (typeof v === 'string') setSlot(slot, expandVars(v, mapping));
  };
  for (const r of m.resources()) {
    for (const fs of varReference) {
      try {
        applyFieldSpec(r.obj, fs, (slot) => {
          const v = slotValue(slot);
          if (v === null || v === undefined) return;
          if (Array.isArray(v)) {
            v.forEach((item, i) => {
              if (typeof item !== 'string')
                throw new RenderError(`${file}: ${fs.path} of ${idString(r.curId())}: invalid value type expect a string`, { file });
              replaceString({ parent: v, key: i });
            });
          } else if (typeof v === 'object') {
            for (const k of Object.keys(v as JsonObject)) replaceString({ parent: v as JsonObject, key: k });
          } else {
            replaceString(slot);
          }
        });
      } catch (cause) {
        if (cause instanceof FieldSpecError) throw new RenderError(`${file}: ${cause.message}`, { file, cause });
        throw cause;
      }
    }
  }
}
