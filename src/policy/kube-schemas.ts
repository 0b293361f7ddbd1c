import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { TidewayError } from '../core/errors.js';
import type { KubeSchemas } from './schema/kube-schema-data.js';

/**
 * The generated schema files (scripts/gen-k8s-schemas.mjs). This file sits one folder below src/, as the
 * CLI bundle sits one below dist/, so the same relative URL finds them from the sources and the bundle.
 */
const SCHEMA_DIR = fileURLToPath(new URL('../../src/policy/schemas/', import.meta.url));
const FILE = /^k8s-v(\d+)\.(\d+)\.json\.gz$/;

/** The Kubernetes versions there are schemas for, oldest first ("1.20", "1.34"). */
export function availableKubeVersions(dir = SCHEMA_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((f) => FILE.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => Number(a[1]) - Number(b[1]) || Number(a[2]) - Number(b[2]))
    .map((m) => `${m[1]}.${m[2]}`);
}

/**
 * The version to validate against for `wanted` ("1.30", "v1.30.2"; default the newest): that version
 * when there are schemas for it, else the nearest there are (`substituted` says so).
 */
export function pickKubeVersion(wanted: string | undefined, dir = SCHEMA_DIR): { version: string; substituted: boolean } {
  const versions = availableKubeVersions(dir);
  if (versions.length === 0) throw new TidewayError('Internal', `no Kubernetes schemas in ${dir}`);
  if (wanted === undefined) return { version: versions[versions.length - 1], substituted: false };
  const match = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(wanted.trim());
  if (!match) throw new TidewayError('InvalidApplication', `--kube-version: ${JSON.stringify(wanted)} is not a version like 1.34`);
  const minor = Number(match[1]) * 1000 + Number(match[2]);
  const distance = (v: string) => Math.abs(Number(v.split('.')[0]) * 1000 + Number(v.split('.')[1]) - minor);
  const nearest = [...versions].sort((a, b) => distance(a) - distance(b) || (b > a ? 1 : -1))[0];
  return { version: nearest, substituted: distance(nearest) !== 0 };
}

const loaded = new Map<string, KubeSchemas>();

/** The schemas of one version (see pickKubeVersion), read once. */
export function loadKubeSchemas(version: string, dir = SCHEMA_DIR): KubeSchemas {
  const cached = loaded.get(version);
  if (cached) return cached;
  const data = JSON.parse(gunzipSync(readFileSync(`${dir}/k8s-v${version}.json.gz`)).toString('utf8')) as KubeSchemas;
  loaded.set(version, data);
  return data;
}
