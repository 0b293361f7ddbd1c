/** sprig's encoding, path and URL functions: b64/b32, path and filepath (POSIX), urlParse, urlJoin. */
import { FuncError } from '../builtins.js';
import type { GoFunc, GoMap, Value } from '../value.js';
import { strval } from './convert.js';
import { fn } from './define.js';

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function b32enc(s: string): string {
  const bytes = Buffer.from(s, 'utf8');
  let out = '';
  for (let i = 0; i < bytes.length; i += 5) {
    const chunk = bytes.subarray(i, i + 5);
    let bits = 0n;
    for (let j = 0; j < 5; j++) bits = (bits << 8n) | BigInt(chunk[j] ?? 0);
    const chars = Math.ceil((chunk.length * 8) / 5);
    for (let j = 0; j < 8; j++) out += j < chars ? B32[Number((bits >> BigInt(35 - 5 * j)) & 31n)] : '=';
  }
  return out;
}

function b32dec(s: string): string {
  const clean = s.replace(/[\r\n]/g, '');
  if (clean.length % 8 !== 0) return `illegal base32 data at input byte ${clean.length - (clean.length % 8)}`;
  const bytes: number[] = [];
  for (let i = 0; i < clean.length; i += 8) {
    const block = clean.slice(i, i + 8);
    const pad = block.length - block.replace(/=+$/, '').length;
    let bits = 0n;
    for (let j = 0; j < 8; j++) {
      const c = block[j];
      let v = 0;
      if (c !== '=') {
        v = B32.indexOf(c);
        if (v < 0) return `illegal base32 data at input byte ${i + j}`;
      }
      bits = (bits << 5n) | BigInt(v);
    }
    const n = { 0: 5, 1: 4, 3: 3, 4: 2, 6: 1 }[pad as 0 | 1 | 3 | 4 | 6];
    if (n === undefined) return `illegal base32 data at input byte ${i}`;
    for (let j = 0; j < n; j++) bytes.push(Number((bits >> BigInt(32 - 8 * j)) & 255n));
  }
  return Buffer.from(bytes).toString('utf8');
}

function b64dec(s: string): string {
  const clean = s.replace(/[\r\n]/g, '');
  const m = /[^A-Za-z0-9+/=]/.exec(clean);
  if (m) return `illegal base64 data at input byte ${m.index}`;
  if (clean.length % 4 !== 0) return `illegal base64 data at input byte ${clean.length - (clean.length % 4)}`;
  const eq = clean.indexOf('=');
  if (eq >= 0 && (eq < clean.length - 2 || !/^=+$/.test(clean.slice(eq)))) return `illegal base64 data at input byte ${eq}`;
  return Buffer.from(clean, 'base64').toString('utf8');
}

/** path.Clean */
export function pathClean(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
    } else out.push(part);
  }
  const s = (rooted ? '/' : '') + out.join('/');
  return s === '' ? '.' : s;
}

export function pathBase(p: string): string {
  if (p === '') return '.';
  const t = p.replace(/\/+$/, '');
  if (t === '') return '/';
  return t.slice(t.lastIndexOf('/') + 1);
}

export function pathDir(p: string): string {
  const i = p.lastIndexOf('/');
  return pathClean(p.slice(0, i + 1));
}

export function pathExt(p: string): string {
  for (let i = p.length - 1; i >= 0 && p[i] !== '/'; i--) if (p[i] === '.') return p.slice(i);
  return '';
}

interface Url {
  scheme: string;
  opaque: string;
  user: string | undefined;
  host: string;
  path: string;
  rawQuery: string;
  fragment: string;
}

function unescapePath(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw new FuncError(`unable to parse url: invalid URL escape ${JSON.stringify(s)}`);
  }
}

/** net/url.Parse (the parts sprig reads). */
function parseUrl(raw: string): Url {
  const u: Url = { scheme: '', opaque: '', user: undefined, host: '', path: '', rawQuery: '', fragment: '' };
  let rest = raw;
  const hash = rest.indexOf('#');
  if (hash >= 0) {
    u.fragment = unescapePath(rest.slice(hash + 1));
    rest = rest.slice(0, hash);
  }
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(rest);
  if (m) {
    u.scheme = m[1].toLowerCase();
    rest = rest.slice(m[0].length);
  }
  const q = rest.indexOf('?');
  if (q >= 0) {
    u.rawQuery = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  if (u.scheme && !rest.startsWith('/')) {
    u.opaque = rest;
    return u;
  }
  if (rest.startsWith('//')) {
    rest = rest.slice(2);
    const slash = rest.indexOf('/');
    const authority = slash >= 0 ? rest.slice(0, slash) : rest;
    rest = slash >= 0 ? rest.slice(slash) : '';
    const at = authority.lastIndexOf('@');
    if (at >= 0) {
      u.user = authority.slice(0, at);
      u.host = authority.slice(at + 1);
    } else u.host = authority;
  }
  u.path = unescapePath(rest);
  return u;
}

function escapePath(p: string): string {
  return p.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/]/g, (c) =>
    Array.from(Buffer.from(c, 'utf8'))
      .map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`)
      .join(''),
  );
}

function urlString(u: Url): string {
  let out = '';
  if (u.scheme) out += `${u.scheme}:`;
  if (u.opaque) out += u.opaque;
  else {
    if (u.scheme || u.host || u.user !== undefined) {
      if (u.host || u.path || u.user !== undefined) out += '//';
      if (u.user !== undefined) out += `${u.user}@`;
      out += u.host;
    }
    const path = escapePath(u.path);
    if (path && path[0] !== '/' && u.host) out += '/';
    out += path;
  }
  if (u.rawQuery) out += `?${u.rawQuery}`;
  if (u.fragment) out += `#${escapePath(u.fragment)}`;
  return out;
}

function urlParse(v: string): GoMap {
  const u = parseUrl(v);
  const hostname = u.host.startsWith('[') ? u.host.slice(1, u.host.indexOf(']')) : u.host.replace(/:\d*$/, '');
  return new Map<string, Value>([
    ['scheme', u.scheme],
    ['host', u.host],
    ['hostname', hostname],
    ['path', u.path],
    ['query', u.rawQuery],
    ['opaque', u.opaque],
    ['fragment', u.fragment],
    ['userinfo', u.user ?? ''],
  ]);
}

function urlJoin(d: GoMap | null): string {
  const meta = (k: string) => {
    const v = d?.get(k);
    return v === undefined || v === null ? '' : strval(v);
  };
  const userinfo = meta('userinfo');
  return urlString({
    scheme: meta('scheme'),
    host: meta('host'),
    path: meta('path'),
    rawQuery: meta('query'),
    opaque: meta('opaque'),
    fragment: meta('fragment'),
    user: userinfo === '' ? undefined : userinfo,
  });
}

export function encodingFuncs(): Record<string, GoFunc> {
  return {
    b64enc: fn(['string'], (s: string) => Buffer.from(s, 'utf8').toString('base64')),
    b64dec: fn(['string'], b64dec),
    b32enc: fn(['string'], b32enc),
    b32dec: fn(['string'], b32dec),
    base: fn(['string'], pathBase),
    dir: fn(['string'], pathDir),
    clean: fn(['string'], pathClean),
    ext: fn(['string'], pathExt),
    isAbs: fn(['string'], (p: string) => p.startsWith('/')),
    osBase: fn(['string'], pathBase),
    osDir: fn(['string'], pathDir),
    osClean: fn(['string'], pathClean),
    osExt: fn(['string'], pathExt),
    osIsAbs: fn(['string'], (p: string) => p.startsWith('/')),
    urlParse: fn(['string'], urlParse),
    urlJoin: fn(['map'], urlJoin),
  };
}
