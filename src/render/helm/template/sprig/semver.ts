/** Masterminds/semver v3 (as sprig v3.3.0 uses it): versions, constraints, and the `semver` and
 * `semverCompare` functions. Written from the library's documented and tested semantics. */
import { FuncError } from '../builtins.js';
import { type GoFunc, GoObject, TypedInt, type Value } from '../value.js';
import { fn } from './define.js';

const VERSION_RE =
  /^v?(0|[1-9]\d*)(?:\.(0|[1-9]\d*))?(?:\.(0|[1-9]\d*))?(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

export class SemverVersion extends GoObject {
  constructor(
    readonly major: bigint,
    readonly minor: bigint,
    readonly patch: bigint,
    readonly pre: string,
    readonly metadata: string,
    readonly original: string,
  ) {
    super();
  }
  get goType(): string {
    return '*semver.Version';
  }
  get kind(): string {
    return 'ptr';
  }
  override stringer(): string {
    let s = `${this.major}.${this.minor}.${this.patch}`;
    if (this.pre) s += `-${this.pre}`;
    if (this.metadata) s += `+${this.metadata}`;
    return s;
  }
  override method(name: string): GoFunc | undefined {
    const u64 = (v: bigint) => new TypedInt('uint64', v);
    const other = (o: Value): SemverVersion => {
      if (!(o instanceof SemverVersion)) throw new FuncError('wrong type for value; expected *semver.Version');
      return o;
    };
    switch (name) {
      case 'Major':
        return fn([], () => u64(this.major));
      case 'Minor':
        return fn([], () => u64(this.minor));
      case 'Patch':
        return fn([], () => u64(this.patch));
      case 'Prerelease':
        return fn([], () => this.pre);
      case 'Metadata':
        return fn([], () => this.metadata);
      case 'Original':
        return fn([], () => this.original);
      case 'String':
        return fn([], () => this.stringer());
      case 'Compare':
        return fn(['any'], (o: Value) => BigInt(compareVersions(this, other(o))));
      case 'LessThan':
        return fn(['any'], (o: Value) => compareVersions(this, other(o)) < 0);
      case 'GreaterThan':
        return fn(['any'], (o: Value) => compareVersions(this, other(o)) > 0);
      case 'Equal':
        return fn(['any'], (o: Value) => compareVersions(this, other(o)) === 0);
      case 'IncMajor':
        return fn([], () => new SemverVersion(this.major + 1n, 0n, 0n, '', '', ''));
      case 'IncMinor':
        return fn([], () => new SemverVersion(this.major, this.minor + 1n, 0n, '', '', ''));
      case 'IncPatch':
        return fn([], () =>
          this.pre || this.metadata
            ? new SemverVersion(this.major, this.minor, this.patch, '', '', '')
            : new SemverVersion(this.major, this.minor, this.patch + 1n, '', '', ''),
        );
    }
    return undefined;
  }
}

export function parseVersion(v: string): SemverVersion {
  const m = VERSION_RE.exec(v);
  if (!m) throw new FuncError('Invalid Semantic Version');
  return new SemverVersion(BigInt(m[1]), BigInt(m[2] ?? 0), BigInt(m[3] ?? 0), m[4] ?? '', m[5] ?? '', v);
}

function comparePrePart(s: string, o: string): number {
  if (s === o) return 0;
  if (s === '') return o !== '' ? -1 : 1;
  if (o === '') return s !== '' ? 1 : -1;
  const sn = /^\d+$/.test(s);
  const on = /^\d+$/.test(o);
  if (!sn && !on) return s > o ? 1 : -1;
  if (!on) return -1;
  if (!sn) return 1;
  return BigInt(s) > BigInt(o) ? 1 : -1;
}

function comparePrerelease(v: string, o: string): number {
  const sp = v.split('.');
  const op = o.split('.');
  const l = Math.max(sp.length, op.length);
  for (let i = 0; i < l; i++) {
    const d = comparePrePart(sp[i] ?? '', op[i] ?? '');
    if (d !== 0) return d;
  }
  return 0;
}

export function compareVersions(v: SemverVersion, o: SemverVersion): number {
  for (const [a, b] of [
    [v.major, o.major],
    [v.minor, o.minor],
    [v.patch, o.patch],
  ] as const)
    if (a !== b) return a < b ? -1 : 1;
  if (v.pre === '' && o.pre === '') return 0;
  if (v.pre === '') return 1;
  if (o.pre === '') return -1;
  return comparePrerelease(v.pre, o.pre);
}

const CV = String.raw`v?([0-9|x|X|\*]+)(\.[0-9|x|X|\*]+)?(\.[0-9|x|X|\*]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?`;
const CV_NOGROUP = String.raw`v?[0-9|x|X|\*]+(?:\.[0-9|x|X|\*]+)?(?:\.[0-9|x|X|\*]+)?(?:-[0-9A-Za-z\-]+(?:\.[0-9A-Za-z\-]+)*)?(?:\+[0-9A-Za-z\-]+(?:\.[0-9A-Za-z\-]+)*)?`;
const OPS = String.raw`=|!=|>=|=>|<=|=<|~>|~|\^|>|<`;
const CONSTRAINT_RE = new RegExp(String.raw`^\s*(${OPS}|)\s*(${CV})\s*$`);
const FIND_RE = new RegExp(String.raw`(${OPS}|)\s*(${CV_NOGROUP})`, 'g');
const VALID_RE = new RegExp(String.raw`^(\s*(?:${OPS}|)\s*(?:${CV_NOGROUP})\s*)((?:\s+|,\s*)(?:${OPS}|)\s*(?:${CV_NOGROUP})\s*)*$`);
const RANGE_RE = new RegExp(String.raw`\s*(${CV_NOGROUP})\s+-\s+(${CV_NOGROUP})\s*`, 'g');

interface Constraint {
  op: string;
  con: SemverVersion;
  minorDirty: boolean;
  patchDirty: boolean;
  dirty: boolean;
}

const isX = (s: string) => s === 'x' || s === 'X' || s === '*';

function parseConstraint(c: string): Constraint {
  const m = CONSTRAINT_RE.exec(c);
  if (!m) throw new FuncError(`improper constraint: ${c}`);
  const [, op, , major, minorDot, patchDot, preDash] = m;
  const pre = preDash ?? '';
  let ver = m[2];
  let minorDirty = false;
  let patchDirty = false;
  let dirty = false;
  if (isX(major) || major === '') {
    ver = `0.0.0${pre}`;
    dirty = true;
  } else if (minorDot === undefined || isX(minorDot.slice(1))) {
    minorDirty = dirty = true;
    ver = `${major}.0.0${pre}`;
  } else if (patchDot === undefined || isX(patchDot.slice(1))) {
    patchDirty = dirty = true;
    ver = `${major}${minorDot}.0${pre}`;
  }
  let con: SemverVersion;
  try {
    con = parseVersion(ver);
  } catch {
    throw new FuncError('constraint Parser Error');
  }
  return { op, con, minorDirty, patchDirty, dirty };
}

function tilde(v: SemverVersion, c: Constraint): boolean {
  if (compareVersions(v, c.con) < 0) return false;
  if (c.con.major === 0n && c.con.minor === 0n && c.con.patch === 0n && !c.minorDirty && !c.patchDirty) return true;
  if (v.major !== c.con.major) return false;
  if (v.minor !== c.con.minor && !c.minorDirty) return false;
  return true;
}

function check(v: SemverVersion, c: Constraint, includePre: boolean): boolean {
  if (v.pre !== '' && !includePre) return false;
  const cmp = compareVersions(v, c.con);
  switch (c.op) {
    case '':
    case '=':
      return c.dirty ? tilde(v, c) : cmp === 0;
    case '!=':
      if (c.dirty) {
        if (c.con.major !== v.major) return true;
        if (c.con.minor !== v.minor && !c.minorDirty) return true;
        if (c.minorDirty) return false;
        if (c.con.patch !== v.patch && !c.patchDirty) return true;
        if (c.patchDirty) {
          if (v.pre !== '' || c.con.pre !== '') return comparePrerelease(v.pre, c.con.pre) !== 0;
          return false;
        }
      }
      return cmp !== 0;
    case '>':
      if (!c.dirty) return cmp === 1;
      if (v.major > c.con.major) return true;
      if (v.major < c.con.major) return false;
      if (c.minorDirty) return false;
      if (c.patchDirty) return v.minor > c.con.minor;
      return cmp === 1;
    case '<':
      return cmp < 0;
    case '>=':
    case '=>':
      return cmp >= 0;
    case '<=':
    case '=<':
      if (!c.dirty) return cmp <= 0;
      if (v.major > c.con.major) return false;
      if (v.major === c.con.major && v.minor > c.con.minor && !c.minorDirty) return false;
      return true;
    case '~':
    case '~>':
      return tilde(v, c);
    case '^':
      if (cmp < 0) return false;
      if (c.con.major > 0n || c.minorDirty) return v.major === c.con.major;
      if (c.con.major === 0n && v.major > 0n) return false;
      if (c.con.minor > 0n || c.patchDirty) return v.minor === c.con.minor;
      if (c.con.minor === 0n && v.minor > 0n) return false;
      return c.con.patch === v.patch;
  }
  return false;
}

/** Constraints.Check */
export function semverCheck(constraint: string, version: SemverVersion): boolean {
  const c = constraint.replace(RANGE_RE, (_m, a: string, b: string) => `>= ${a}, <= ${b} `);
  for (const or of c.split('||')) {
    if (!VALID_RE.test(or)) throw new FuncError(`improper constraint: ${or}`);
    const found = or.match(FIND_RE) ?? [or];
    const cs = found.map((s) => (s.length > 0 ? parseConstraint(s) : parseConstraint('>=0.0.0')));
    const hasPre = cs.some((x) => x.con.pre !== '');
    if (cs.every((x) => check(version, x, hasPre))) return true;
  }
  return false;
}

export function semverFuncs(): Record<string, GoFunc> {
  return {
    semver: fn(['string'], parseVersion),
    semverCompare: fn(['string', 'string'], (c: string, v: string) => semverCheck(c, parseVersion(v))),
  };
}
