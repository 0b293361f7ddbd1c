import { celFunc, celMethod, CelScalar, listType, mapType, type CelFunc, type CelMap } from '@bufbuild/cel';

const { STRING, BOOL, DYN } = CelScalar;
/** A URL value is a map holding its text under this key: the library has no custom value types without protobuf. */
const URL_KEY = '\u0000url';
const URL_VALUE = mapType(STRING, DYN);

/**
 * Kubernetes' CEL URL library (`library/urls.go`): `url(s)` (an absolute URI or an absolute path),
 * `isURL(s)`, and `getScheme()`, `getHost()`, `getHostname()`, `getPort()`, `getEscapedPath()`, `getQuery()`.
 */
export const k8sUrls: CelFunc[] = [
  celFunc('url', [STRING], URL_VALUE, (text: string) => {
    if (!parseUrl(text)) throw new Error(`URL parse error during conversion from string: ${JSON.stringify(text)}`);
    return new Map([[URL_KEY, text]]);
  }),
  celFunc('isURL', [STRING], BOOL, (text: string) => parseUrl(text) !== undefined),
  method('getScheme', (u) => u.scheme),
  method('getHost', (u) => u.host),
  method('getHostname', (u) => u.hostname),
  method('getPort', (u) => u.port),
  method('getEscapedPath', (u) => u.path),
  celMethod('getQuery', URL_VALUE, [], mapType(STRING, listType(STRING)), function (this: CelMap) {
    const query = new Map<string, string[]>();
    for (const [k, v] of new URLSearchParams(urlOf(this).query)) query.set(k, [...(query.get(k) ?? []), v]);
    return query;
  }),
];

interface ParsedUrl {
  scheme: string;
  host: string;
  hostname: string;
  port: string;
  path: string;
  query: string;
}

function method(name: string, get: (u: ParsedUrl) => string): CelFunc {
  return celMethod(name, URL_VALUE, [], STRING, function (this: CelMap) {
    return get(urlOf(this));
  });
}

function urlOf(value: CelMap): ParsedUrl {
  const text = value.get(URL_KEY);
  const parsed = typeof text === 'string' ? parseUrl(text) : undefined;
  if (!parsed) throw new Error('not a URL value (make one with url("..."))');
  return parsed;
}

/** Go's url.ParseRequestURI as far as these functions show it: `scheme://host[:port]/path?query` or `/path?query`. */
function parseUrl(text: string): ParsedUrl | undefined {
  if (text.startsWith('/')) {
    const q = text.indexOf('?');
    return { scheme: '', host: '', hostname: '', port: '', path: q < 0 ? text : text.slice(0, q), query: q < 0 ? '' : text.slice(q + 1) };
  }
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?/.exec(text);
  if (!match) return undefined;
  const [, scheme, authority, path, query = ''] = match;
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  const bracketed = /^\[([^\]]*)\](?::(\d*))?$/.exec(host);
  if (bracketed) return { scheme, host, hostname: bracketed[1], port: bracketed[2] ?? '', path, query };
  const colon = host.lastIndexOf(':');
  const hostname = colon < 0 ? host : host.slice(0, colon);
  const port = colon < 0 ? '' : host.slice(colon + 1);
  if (!/^\d*$/.test(port)) return undefined;
  return { scheme, host, hostname, port, path, query };
}
