import { statusMessage, statusReason, type RestClient } from './rest-client.js';

const MAX_SECRET_BYTES = 1024 * 1024;

/**
 * One Secret's data, decoded (base64 to UTF-8), for keys an app names. The error names the Secret and
 * what went wrong (missing, forbidden), never a value.
 */
export async function readSecret(client: RestClient, namespace: string, name: string): Promise<Record<string, string>> {
  const res = await client.request<{ data?: Record<string, string> }>(
    'GET',
    `/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets/${encodeURIComponent(name)}`,
  );
  if (res.status === 404) throw new Error(`Secret ${namespace}/${name} not found`);
  if (res.status >= 300) throw new Error(`Secret ${namespace}/${name}: ${statusReason(res)}: ${statusMessage(res)}`);
  return decodeSecretData(`${namespace}/${name}`, res.body.data);
}

/** A Secret's `data`, base64 decoded to UTF-8; refused past 1 MiB (the API server's own limit). */
export function decodeSecretData(what: string, data: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  let size = 0;
  for (const [key, value] of Object.entries(data ?? {})) {
    const text = Buffer.from(value, 'base64').toString('utf8');
    size += text.length;
    if (size > MAX_SECRET_BYTES) throw new Error(`Secret ${what} is larger than ${MAX_SECRET_BYTES} bytes`);
    out[key] = text;
  }
  return out;
}
