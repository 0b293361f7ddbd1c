import { createHash } from 'node:crypto';
import { RenderError } from '../../../core/errors.js';
import {
  authorization,
  DEFAULT_HTTP_LIMITS,
  displayUrl,
  type HttpLimits,
  httpGet,
  type HttpResponse,
  type RepoCredentials,
} from './http-get.js';
import { selectVersion } from './repo-index.js';

/** The media type of a Helm chart's content layer in an OCI artifact. */
export const HELM_CHART_LAYER = 'application/vnd.cncf.helm.chart.content.v1.tar+gzip';
export const HELM_CONFIG = 'application/vnd.cncf.helm.config.v1+json';
const MANIFEST_TYPES = 'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json';

/** `oci://host[:port]/path/chart` split into the registry base URL and the repository name. */
export function parseOciRef(ref: string, plainHttp?: boolean): { base: string; repository: string; chart: string; tag?: string } {
  const m = /^oci:\/\/([^/]+)\/(.+)$/.exec(ref);
  if (!m) throw new RenderError(`${ref}: not an oci:// chart reference (oci://registry/path/chart)`, { code: 'InvalidApplication' });
  const host = m[1];
  let repository = m[2].replace(/\/+$/, '');
  let tag: string | undefined;
  const colon = repository.lastIndexOf(':');
  if (colon > repository.lastIndexOf('/')) {
    tag = repository.slice(colon + 1);
    repository = repository.slice(0, colon);
  }
  const loopback = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/.test(host);
  const scheme = (plainHttp ?? loopback) ? 'http' : 'https';
  return { base: `${scheme}://${host}`, repository, chart: repository.slice(repository.lastIndexOf('/') + 1), tag };
}

/** A small client of the distribution API: the bearer-token handshake, tags, manifests and blobs. */
export class OciClient {
  private token?: string;
  constructor(
    private readonly base: string,
    private readonly repository: string,
    private readonly creds?: RepoCredentials,
    private readonly limits: HttpLimits = DEFAULT_HTTP_LIMITS,
  ) {}

  private async get(path: string, accept?: string, limits = this.limits): Promise<HttpResponse> {
    const url = `${this.base}/v2/${this.repository}/${path}`;
    const headers: Record<string, string> = {};
    if (accept) headers.Accept = accept;
    const auth = this.token ? `Bearer ${this.token}` : undefined;
    if (auth) headers.Authorization = auth;
    let res = await httpGet(url, headers, limits);
    if (res.status === 401) {
      await this.authenticate(res.headers.get('www-authenticate') ?? '', url);
      headers.Authorization = this.token ? `Bearer ${this.token}` : (authorization(this.creds) ?? '');
      res = await httpGet(url, headers, limits);
    }
    if (res.status === 401 || res.status === 403)
      throw new RenderError(`GET ${displayUrl(url)}: the registry refused the credentials (${res.status})`, { code: 'SourceUnavailable' });
    if (res.status === 404) throw new RenderError(`GET ${displayUrl(url)}: not found`, { code: 'RevisionNotFound' });
    if (res.status >= 300) throw new RenderError(`GET ${displayUrl(url)}: HTTP ${res.status}`, { code: 'SourceUnavailable' });
    return res;
  }

  /** The token handshake: `Bearer realm=...,service=...,scope=...` leads to a token request, Basic to basic auth. */
  private async authenticate(challenge: string, url: string): Promise<void> {
    const scheme = challenge.split(' ')[0]?.toLowerCase();
    if (scheme !== 'bearer') {
      this.token = undefined;
      if (!authorization(this.creds))
        throw new RenderError(`GET ${displayUrl(url)}: the registry asks for credentials`, { code: 'SourceUnavailable' });
      return;
    }
    const params = new Map<string, string>();
    for (const m of challenge.slice(7).matchAll(/(\w+)="([^"]*)"/g)) params.set(m[1], m[2]);
    const realm = params.get('realm');
    if (!realm) throw new RenderError(`GET ${displayUrl(url)}: a bearer challenge without a realm`, { code: 'SourceUnavailable' });
    const tokenUrl = new URL(realm);
    if (params.get('service')) tokenUrl.searchParams.set('service', params.get('service') as string);
    tokenUrl.searchParams.set('scope', params.get('scope') ?? `repository:${this.repository}:pull`);
    const headers: Record<string, string> = {};
    const basic = this.creds?.token ? undefined : authorization(this.creds);
    if (basic) headers.Authorization = basic;
    const res = await httpGet(tokenUrl.toString(), headers, { ...this.limits, maxBytes: 1024 * 1024 });
    if (res.status >= 300)
      throw new RenderError(`token request to ${displayUrl(tokenUrl.toString())}: HTTP ${res.status}`, { code: 'SourceUnavailable' });
    const body = JSON.parse(new TextDecoder().decode(res.body)) as { token?: string; access_token?: string };
    this.token = body.token ?? body.access_token ?? this.creds?.token;
  }

  async tags(): Promise<string[]> {
    const res = await this.get('tags/list', undefined, { ...this.limits, maxBytes: 4 * 1024 * 1024 });
    const body = JSON.parse(new TextDecoder().decode(res.body)) as { tags?: string[] };
    return body.tags ?? [];
  }

  async manifest(reference: string): Promise<{ layers: { mediaType: string; digest: string; size: number }[] }> {
    const res = await this.get(`manifests/${reference}`, MANIFEST_TYPES, { ...this.limits, maxBytes: 4 * 1024 * 1024 });
    return JSON.parse(new TextDecoder().decode(res.body));
  }

  /** A blob, checked against its sha256 digest. */
  async blob(digest: string): Promise<Uint8Array> {
    const res = await this.get(`blobs/${digest}`);
    verifyDigest(res.body, digest, `${this.repository}@${digest}`);
    return res.body;
  }
}

export function verifyDigest(data: Uint8Array, digest: string, what: string): void {
  const [alg, hex] = digest.split(':');
  if (alg !== 'sha256' || !/^[0-9a-f]{64}$/.test(hex ?? ''))
    throw new RenderError(`${what}: unsupported digest ${digest}`, { code: 'UnsafeRepository' });
  const actual = createHash('sha256').update(data).digest('hex');
  if (actual !== hex)
    throw new RenderError(`${what}: digest mismatch (expected ${digest}, got sha256:${actual})`, { code: 'UnsafeRepository' });
}

/**
 * Pulls a chart archive from an OCI registry: the tag is the version asked for, or the highest tag
 * satisfying a semver range (`+` is written `_` in tags); returns the archive and its digest.
 */
export async function pullOciChart(
  ref: string,
  version: string | undefined,
  options: { creds?: RepoCredentials; plainHttp?: boolean; limits?: HttpLimits } = {},
): Promise<{ data: Uint8Array; digest: string; version: string }> {
  const { base, repository, chart, tag } = parseOciRef(ref, options.plainHttp);
  const client = new OciClient(base, repository, options.creds, options.limits);
  let wanted = tag ?? version;
  const exactTag = wanted !== undefined && /^v?\d+\.\d+\.\d+([-+][0-9A-Za-z.+_-]*)?$/.test(wanted);
  if (!exactTag) {
    const tags = (await client.tags()).map((t) => ({ version: t.replace(/_/g, '+'), tag: t }));
    wanted = selectVersion(tags, wanted, chart).tag;
  }
  const reference = (wanted as string).replace(/\+/g, '_');
  const manifest = await client.manifest(reference);
  const layer = (manifest.layers ?? []).find((l) => l.mediaType === HELM_CHART_LAYER);
  if (!layer)
    throw new RenderError(`${ref}:${reference}: the artifact has no Helm chart layer (${HELM_CHART_LAYER})`, { code: 'SourceUnavailable' });
  const data = await client.blob(layer.digest);
  return { data, digest: layer.digest, version: (wanted as string).replace(/_/g, '+') };
}
