/**
 * Dotted field paths as used by vars and replacements ("spec.template.spec.containers.[name=app].image",
 * "spec.ports.0.port", "metadata.annotations.[a.b/c]"): splitting, lookup and matching. Pure.
 */
import type { Slot } from './field-spec.js';
import type { JsonObject } from './resource.js';
import { scalarText } from './resource.js';

function isMap(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Splits on unescaped `delimiter`, keeping `[...]` groups (which may contain the delimiter) together. */
export function smarterPathSplit(path: string, delimiter = '.'): string[] {
  const raw: string[] = [];
  let cur = '';
  for (let i = 0; i < path.length; i++) {
    if (path[i] === '\\' && path[i + 1] === delimiter) {
      cur += delimiter;
      i++;
    } else if (path[i] === delimiter) {
      raw.push(cur);
      cur = '';
    } else {
      cur += path[i];
    }
  }
  raw.push(cur);
  // kyaml's PathSplitter lets a path start with its delimiter (".metadata.name", as kubebuilder writes).
  if (raw.length > 1 && raw[0] === '') raw.shift();
  const out: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const elem = raw[i];
    if (elem.startsWith('[') && !elem.endsWith(']')) {
      const group = [elem];
      while (i < raw.length - 1) {
        i++;
        group.push(raw[i]);
        if (raw[i].endsWith(']')) break;
      }
      const joined = group.join(delimiter);
      out.push(joined.includes('=') ? joined : joined.replace(/^\[+|\]+$/g, ''));
    } else {
      out.push(elem);
    }
  }
  return out;
}

/** `ports[0]` -> `ports`, `0` (as kyaml's GetFieldValue does). */
export function convertSliceIndex(parts: string[]): string[] {
  const out: string[] = [];
  for (const s of parts) {
    const m = /^(.*)\[(\d+)\]$/.exec(s);
    if (!s.endsWith(']') || !m) {
      out.push(s);
      continue;
    }
    if (m[1] !== '') out.push(m[1]);
    out.push(m[2]);
  }
  return out;
}

export class FieldPathError extends Error {}

function splitIndexNameValue(p: string): [string, string] {
  const inner = p.slice(1, -1);
  const i = inner.indexOf('=');
  if (i < 0) throw new FieldPathError('list path element must contain fieldName=fieldValue for element to match');
  return [inner.slice(0, i), inner.slice(i + 1)];
}

/** kyaml's Lookup (PathGetter without create): the value at the path, or undefined. */
export function lookup(root: unknown, parts: string[]): unknown {
  let cur = root;
  for (const part of parts) {
    if (cur === null || cur === undefined) return undefined;
    if (/^\d+$/.test(part) || part === '-') {
      if (!Array.isArray(cur)) return undefined;
      cur = part === '-' ? cur[cur.length - 1] : cur[parseInt(part, 10)];
    } else if (part.startsWith('[') && part.endsWith(']')) {
      if (!Array.isArray(cur)) return undefined;
      const [name, value] = splitIndexNameValue(part);
      cur = cur.find((e) => (name === '' ? !isMap(e) && scalarText(e) === value : isMap(e) && name in e && scalarText(e[name]) === value));
    } else {
      if (part === '*') throw new FieldPathError('wildcard is not supported in PathGetter');
      if (!isMap(cur)) return undefined;
      if (!(part in cur)) return undefined;
      cur = cur[part];
    }
  }
  return cur;
}

type Kind = 'map' | 'seq' | 'scalar';

function kindFor(next: string | undefined, createKind: Kind): Kind {
  if (next === undefined) return createKind;
  if ((next.startsWith('[') && next.endsWith(']')) || /^\d+$/.test(next)) return 'seq';
  return 'map';
}

function emptyOf(k: Kind): unknown {
  return k === 'map' ? {} : k === 'seq' ? [] : null;
}

/**
 * kyaml's PathMatcher: every slot the path reaches, with `*` (all list elements), `[k=regex]`
 * (unanchored, on the field's text) and numeric indexes; creates missing parts when `create` is set.
 */
export function matchSlots(root: JsonObject, parts: string[], create?: Kind): Slot[] {
  const out: Slot[] = [];
  const visit = (slot: Slot, i: number): void => {
    const node = (slot.parent as Record<string | number, unknown>)[slot.key];
    if (i === parts.length) {
      out.push(slot);
      return;
    }
    const part = parts[i];
    const next = parts[i + 1];
    if (/^\d+$/.test(part)) {
      if (!Array.isArray(node)) throw new FieldPathError(`expected a list at '${parts.slice(0, i).join('.')}'`);
      const idx = parseInt(part, 10);
      if (node.length === idx && create) node.push(emptyOf(kindFor(next, create)));
      if (node.length < idx + 1) throw new FieldPathError(`index ${idx} specified but only ${node.length} elements found`);
      visit({ parent: node, key: idx }, i + 1);
      return;
    }
    if (part.startsWith('[') && part.endsWith(']')) {
      if (!Array.isArray(node)) {
        if (node === null || node === undefined) return;
        throw new FieldPathError(`expected a list at '${parts.slice(0, i).join('.')}'`);
      }
      const [name, value] = splitIndexNameValue(part);
      const re = new RegExp(value);
      const before = out.length;
      const matchAll = (): boolean => {
        let any = false;
        node.forEach((e, j) => {
          if (name === '') {
            if (!isMap(e) && !Array.isArray(e) && re.test(scalarText(e).trim())) {
              any = true;
              visit({ parent: node, key: j }, i + 1);
            }
          } else if (isMap(e) && name in e && e[name] !== null && re.test(scalarText(e[name]).trim())) {
            any = true;
            visit({ parent: node, key: j }, i + 1);
          }
        });
        return any;
      };
      if (!matchAll() && create) {
        node.push(name === '' ? value : { [name]: value });
        matchAll();
      }
      void before;
      return;
    }
    if (part === '*') {
      if (!Array.isArray(node)) throw new FieldPathError(`wildcard '*' needs a list at '${parts.slice(0, i).join('.')}'`);
      node.forEach((_, j) => visit({ parent: node, key: j }, i + 1));
      return;
    }
    if (node === null || node === undefined) return;
    if (!isMap(node)) throw new FieldPathError(`expected a mapping at '${parts.slice(0, i).join('.')}'`);
    if (!(part in node) || node[part] === null) {
      if (!create) return;
      node[part] = emptyOf(kindFor(next, create));
    }
    visit({ parent: node, key: part }, i + 1);
  };
  visit({ parent: { root }, key: 'root' }, 0);
  return out;
}
