import path from 'node:path';
import type { KustLoader } from './kust-loader.js';

export interface KvPair {
  key: string;
  /** Text, or raw bytes for file sources that are not valid UTF-8. */
  value: string | Buffer;
}

export class KvError extends Error {}

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

function removeQuotes(s: string): string {
  if (s.length < 2 || s[0] !== s[s.length - 1]) return s;
  return s[0] === '"' || s[0] === "'" ? s.slice(1, -1) : s;
}

/** `key=value`, surrounding quotes of the value removed. */
export function parseLiteral(source: string): KvPair {
  const i = source.indexOf('=');
  if (i <= 0) throw new KvError(`invalid literal source ${source}, expected key=value`);
  return { key: source.slice(0, i), value: removeQuotes(source.slice(i + 1)) };
}

/** `path` (key: the file's base name) or `key=path`. */
export function parseFileSource(source: string): { key: string; file: string } {
  const n = source.split('=').length - 1;
  if (n === 0) return { key: path.posix.basename(source), file: source };
  if (n === 1 && source.startsWith('=')) throw new KvError(`missing key name for file path "${source.slice(1)}" in source "${source}"`);
  if (n === 1 && source.endsWith('=')) throw new KvError(`missing file path for key name "${source.slice(0, -1)}" in source "${source}"`);
  if (n > 1) throw new KvError(`source "${source}" key name or file path contains '='`);
  const [key, file] = source.split('=');
  return { key, file };
}

/** An env file: `KEY=value` lines; blank lines and `#` comments skipped; a leading BOM ignored. */
export function parseEnvLines(text: string): KvPair[] {
  const out: KvPair[] = [];
  const lines = text.split('\n');
  if (text.endsWith('\n')) lines.pop();
  lines.forEach((raw, i) => {
    let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (i === 0 && line.startsWith('\ufeff')) line = line.slice(1);
    line = line.replace(/^\s+/, '');
    if (line === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    const key = eq < 0 ? line : line.slice(0, eq);
    if (!ENV_NAME.test(key)) {
      throw new KvError(
        `"${key}" is not a valid key name: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit`,
      );
    }
    out.push({ key, value: eq < 0 ? '' : line.slice(eq + 1) });
  });
  return out;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes UTF-8, or keeps the bytes when they are not valid UTF-8 (they become binaryData). */
export function textOrBytes(bytes: Buffer): string | Buffer {
  try {
    return utf8.decode(bytes);
  } catch {
    return bytes;
  }
}

/** Loads the pairs of a generator: env files, then literals, then files (kustomize's order). */
export async function loadKvPairs(
  ldr: KustLoader,
  sources: { envs?: string[]; literals?: string[]; files?: string[] },
  generatorName: string,
): Promise<KvPair[]> {
  const all: KvPair[] = [];
  for (const env of sources.envs ?? []) {
    const { text } = await ldr.load(env);
    all.push(...parseEnvLines(text));
  }
  for (const lit of sources.literals ?? []) all.push(parseLiteral(lit));
  for (const src of sources.files ?? []) {
    const { key, file } = parseFileSource(src);
    const { bytes } = await ldr.loadBytes(file);
    all.push({ key, value: textOrBytes(bytes) });
  }
  const seen = new Set<string>();
  for (const p of all) {
    if (!CONFIG_KEY.test(p.key) || p.key.length > 253) {
      throw new KvError(`"${p.key}" is not a valid key name for a ConfigMap or Secret`);
    }
    if (seen.has(p.key)) throw new KvError(`configmap ${generatorName} illegally repeats the key \`${p.key}\``);
    seen.add(p.key);
  }
  return all;
}
