/**
 * Reads CEL health checks from files: a YAML or JSON document with a `healthCheckExprs` list at its
 * top, or in its `spec` (a Flux Kustomization or a Tideway Application can be given as is). A
 * directory is read at its top level (`*.yaml`, `*.yml`, `*.json`); documents without the field
 * (argocd-cm ConfigMaps for the Lua checks, anything else) are skipped. Bounded: file size and number
 * of checks. Errors name the file and the field path.
 */
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { resolveHealthCheckExprs, type HealthCheckExpr } from '../../core/application/resolve-health-check-exprs.js';
import { ValidationProblems } from '../../core/application/validation-problems.js';
import { HealthCheckLoadError } from '../lua/health-check-load-error.js';

const MAX_FILE_BYTES = 4 * 1024 * 1024;
const MAX_CHECKS = 2000;

/** The checks of one file, with where they come from (`file: healthCheckExprs`). */
export interface CelHealthCheckFile {
  file: string;
  source: string;
  exprs: HealthCheckExpr[];
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** The CEL checks of one file's text (documents without `healthCheckExprs` are skipped). */
export function celChecksFromText(file: string, text: string): CelHealthCheckFile[] {
  const out: CelHealthCheckFile[] = [];
  parseAllDocuments(text).forEach((doc, d) => {
    if (doc.errors.length > 0) {
      const e = doc.errors[0]!;
      throw new HealthCheckLoadError(file, `line ${e.linePos?.[0].line ?? '?'}: ${e.message.split('\n')[0]}`);
    }
    const value = record(doc.toJS({ maxAliasCount: 100 }));
    if (!value) return;
    const top = value.healthCheckExprs !== undefined;
    const list = top ? value.healthCheckExprs : record(value.spec)?.healthCheckExprs;
    if (list === undefined) return;
    const field = `${top ? '' : 'spec.'}healthCheckExprs`;
    const problems = new ValidationProblems();
    const exprs = resolveHealthCheckExprs(list, problems, field);
    if (problems.errors.length > 0 || !exprs) throw new HealthCheckLoadError(file, problems.errors.map((e) => e.message).join('; '));
    out.push({ file, source: `${file}${d > 0 ? ` (document ${d + 1})` : ''}: ${field}`, exprs });
  });
  return out;
}

function readBounded(file: string): string {
  const size = lstatSync(file).size;
  if (size > MAX_FILE_BYTES) throw new HealthCheckLoadError(file, `larger than ${MAX_FILE_BYTES} bytes`);
  return readFileSync(file, 'utf8');
}

/** Every CEL check in a file, or in the YAML and JSON files at the top of a directory. */
export function loadCelHealthChecks(target: string): CelHealthCheckFile[] {
  let stat: ReturnType<typeof lstatSync>;
  try {
    stat = lstatSync(target);
  } catch {
    throw new HealthCheckLoadError(target, 'no such file or directory');
  }
  const files = stat.isDirectory()
    ? readdirSync(target, { withFileTypes: true })
        .filter((e) => e.isFile() && /\.(ya?ml|json)$/.test(e.name))
        .map((e) => path.join(target, e.name))
        .sort()
    : [target];
  const out = files.flatMap((file) => celChecksFromText(file, readBounded(file)));
  if (out.reduce((n, f) => n + f.exprs.length, 0) > MAX_CHECKS)
    throw new HealthCheckLoadError(target, `more than ${MAX_CHECKS} health checks`);
  return out;
}
