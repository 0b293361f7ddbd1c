import { RenderError } from '../../core/errors.js';
import type { GeneratorArgsInput, GeneratorOptionsInput } from './kustomization.js';
import type { KustLoader } from './kust-loader.js';
import { KvError, loadKvPairs } from './kv-sources.js';
import { Resource, type Behavior, type JsonObject } from './resource.js';
import { compareKeys } from './yaml-emit.js';

/** base64 in lines of 70 characters (each followed by a newline) when longer, as kyaml encodes. */
export function encodeBase64Lines(bytes: Buffer): string {
  const enc = bytes.toString('base64');
  if (enc.length < 70) return enc;
  let out = '';
  for (let i = 0; i < enc.length; i += 70) out += enc.slice(i, i + 70) + '\n';
  return out;
}

/** generatorOptions of the kustomization merged under the generator's own options. */
export function mergeOptions(
  local: GeneratorOptionsInput | undefined,
  global: GeneratorOptionsInput | undefined,
): GeneratorOptionsInput | undefined {
  if (!global) return local;
  const out: GeneratorOptionsInput = { ...(local ?? {}) };
  if (global.labels) out.labels = { ...global.labels, ...(local?.labels ?? {}) };
  if (global.annotations) out.annotations = { ...global.annotations, ...(local?.annotations ?? {}) };
  if (global.disableNameSuffixHash) out.disableNameSuffixHash = true;
  if (global.immutable) out.immutable = true;
  return out;
}

function sortedMap(m: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(m).sort(compareKeys)) out[k] = m[k];
  return out;
}

function behaviorOf(b: string | undefined): Behavior {
  return b === 'create' || b === 'merge' || b === 'replace' ? b : 'unspecified';
}

/** Builds one ConfigMap or Secret from a generator entry. */
export async function generate(
  kind: 'ConfigMap' | 'Secret',
  args: GeneratorArgsInput,
  global: GeneratorOptionsInput | undefined,
  ldr: KustLoader,
  file: string,
): Promise<Resource> {
  const name = args.name ?? '';
  if (name === '') throw new RenderError(`${file}: a ${kind.toLowerCase()} generator needs a name`, { file });
  const options = mergeOptions(args.options, global);
  const metadata: JsonObject = { name };
  if (args.namespace) metadata.namespace = args.namespace;
  const obj: JsonObject = { apiVersion: 'v1', kind, metadata };
  let pairs;
  try {
    pairs = await loadKvPairs(ldr, args, name);
  } catch (cause) {
    if (cause instanceof KvError) throw new RenderError(`${file}: ${kind} generator '${name}': ${cause.message}`, { file, cause });
    throw cause;
  }
  pairs.sort((a, b) => compareKeys(a.key, b.key));
  if (kind === 'Secret') {
    obj.type = args.type || 'Opaque';
    const data: Record<string, string> = {};
    for (const p of pairs) data[p.key] = encodeBase64Lines(typeof p.value === 'string' ? Buffer.from(p.value, 'utf8') : p.value);
    obj.data = data;
  } else {
    const data: Record<string, string> = {};
    const binary: Record<string, string> = {};
    for (const p of pairs) {
      if (typeof p.value === 'string') data[p.key] = p.value;
      else binary[p.key] = encodeBase64Lines(p.value);
    }
    if (Object.keys(data).length > 0) obj.data = data;
    if (Object.keys(binary).length > 0) obj.binaryData = binary;
  }
  if (options?.labels && Object.keys(options.labels).length > 0) metadata.labels = sortedMap(options.labels);
  if (options?.annotations && Object.keys(options.annotations).length > 0) metadata.annotations = sortedMap(options.annotations);
  if (options?.immutable) obj.immutable = true;
  const r = new Resource(obj, file);
  r.generated = true;
  r.behavior = behaviorOf(args.behavior);
  r.needsHash = !options?.disableNameSuffixHash;
  return r;
}
