/** Kubernetes label selector strings ("a=b,c!=d,e in (x,y),!f"), parsed and matched. Pure. */

type Requirement =
  | { op: 'exists' | 'notexists'; key: string }
  | { op: 'in' | 'notin'; key: string; values: string[] }
  | { op: 'gt' | 'lt'; key: string; value: number };

export class SelectorSyntaxError extends Error {}

function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of s) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else {
      cur += c;
    }
  }
  parts.push(cur);
  return parts;
}

function parseRequirement(raw: string, whole: string): Requirement {
  const s = raw.trim();
  if (s === '') throw new SelectorSyntaxError(`invalid label selector '${whole}': empty requirement`);
  if (s.startsWith('!')) return { op: 'notexists', key: s.slice(1).trim() };
  let m = /^([^\s!=<>(),]+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(s);
  if (m) return { op: m[2] as 'in' | 'notin', key: m[1], values: m[3].split(',').map((v) => v.trim()) };
  m = /^([^\s!=<>(),]+)\s*(==|=|!=)\s*([^\s,()]*)$/.exec(s);
  if (m) return { op: m[2] === '!=' ? 'notin' : 'in', key: m[1], values: [m[3]] };
  m = /^([^\s!=<>(),]+)\s*([<>])\s*(-?\d+)$/.exec(s);
  if (m) return { op: m[2] === '>' ? 'gt' : 'lt', key: m[1], value: parseInt(m[3], 10) };
  if (/^[^\s!=<>(),]+$/.test(s)) return { op: 'exists', key: s };
  throw new SelectorSyntaxError(`unable to parse requirement '${s}' of label selector '${whole}'`);
}

export function parseLabelSelector(selector: string): Requirement[] {
  if (selector.trim() === '') return [];
  return splitTopLevel(selector).map((r) => parseRequirement(r, selector));
}

export function matchesLabelSelector(selector: string, labels: Record<string, string>): boolean {
  for (const r of parseLabelSelector(selector)) {
    const has = Object.hasOwn(labels, r.key);
    const v = labels[r.key];
    switch (r.op) {
      case 'exists':
        if (!has) return false;
        break;
      case 'notexists':
        if (has) return false;
        break;
      case 'in':
        if (!has || !r.values.includes(v)) return false;
        break;
      case 'notin':
        if (has && r.values.includes(v)) return false;
        break;
      case 'gt':
        if (!has || !/^-?\d+$/.test(v) || !(parseInt(v, 10) > r.value)) return false;
        break;
      case 'lt':
        if (!has || !/^-?\d+$/.test(v) || !(parseInt(v, 10) < r.value)) return false;
        break;
    }
  }
  return true;
}
