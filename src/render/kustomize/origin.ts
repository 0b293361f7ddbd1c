import path from 'node:path';
import { isPlainSafeString } from './yaml-scalars.js';

/** Where a resource came from, as kustomize's `buildMetadata: [originAnnotations]` records it. */
export interface Origin {
  path?: string;
  repo?: string;
  ref?: string;
  configuredIn?: string;
  configuredBy?: { apiVersion: string; kind: string };
}

export const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';

/** filepath.Join: joins and cleans, keeping leading `..`. */
export function joinOriginPath(...parts: string[]): string {
  const joined = path.posix.join(...parts.filter((p) => p !== ''));
  return joined === '.' ? '' : joined;
}

function value(v: string): string {
  return isPlainSafeString(v) ? v : JSON.stringify(v);
}

/** The annotation text (YAML, fields in kustomize's order). */
export function originText(o: Origin): string {
  const lines: string[] = [];
  if (o.path) lines.push(`path: ${value(o.path)}`);
  if (o.repo) lines.push(`repo: ${value(o.repo)}`);
  if (o.ref) lines.push(`ref: ${value(o.ref)}`);
  if (o.configuredIn) lines.push(`configuredIn: ${value(o.configuredIn)}`);
  if (o.configuredBy)
    lines.push('configuredBy:', `  apiVersion: ${value(o.configuredBy.apiVersion)}`, `  kind: ${value(o.configuredBy.kind)}`);
  return lines.join('\n') + '\n';
}
