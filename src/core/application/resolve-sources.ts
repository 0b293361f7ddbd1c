import { ValidationError } from '../errors.js';
import type { RefSource } from './application.js';
import { checkMapping, checkString, describeType, isMapping } from './field-checks.js';
import { repoURLProblem } from './repo-url.js';
import { ValidationProblems } from './validation-problems.js';

const FIELD = 'spec.sources';
const REF_FIELDS = ['repoURL', 'targetRevision', 'ref'];
const REF_NAME = /^[A-Za-z0-9_-]+$/;

/**
 * `spec.sources` (Argo CD's multiple sources), in the shape Tideway renders: exactly one source that
 * renders (a chart in Git, a Helm repository or an OCI registry, or a directory: it is resolved as
 * `spec.source` is), and any number of `ref` sources, Git repositories whose files a chart's
 * `helm.valueFiles` name as `$ref/path/values.yaml`. Returns the rendering source (to resolve as
 * `spec.source`, with `resolveAt` mapping its problems back to `spec.sources[i]`) and the refs.
 */
export function splitSources(
  value: unknown,
  problems: ValidationProblems,
): { source?: unknown; index?: number; refSources: RefSource[] } | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0) {
    problems.add(FIELD, `must be a non-empty list of sources (got ${describeType(value)})`);
    return { refSources: [] };
  }
  const refSources: RefSource[] = [];
  let source: unknown;
  let index: number | undefined;
  value.forEach((item: unknown, i) => {
    const field = `${FIELD}[${i}]`;
    if (!isMapping(item)) {
      problems.add(field, `must be a mapping (got ${describeType(item)})`);
      return;
    }
    if (item.ref === undefined) {
      if (index !== undefined)
        problems.add(field, `only one source may render (spec.sources[${index}] does); the others must be ref sources`);
      else {
        source = item;
        index = i;
      }
      return;
    }
    const ref = checkMapping(item, field, REF_FIELDS, problems);
    if (!ref) return;
    const name = checkString(ref, 'ref', field, problems, true);
    if (name !== undefined && !REF_NAME.test(name)) problems.add(`${field}.ref`, 'must be letters, digits, "-" and "_" only');
    if (name !== undefined && refSources.some((r) => r.ref === name)) problems.add(`${field}.ref`, `"${name}" is named twice`);
    const repoURL = checkString(ref, 'repoURL', field, problems, true);
    const urlProblem = repoURL === undefined ? undefined : repoURLProblem(repoURL);
    if (urlProblem) problems.add(`${field}.repoURL`, urlProblem);
    const targetRevision = checkString(ref, 'targetRevision', field, problems) ?? 'HEAD';
    if (targetRevision.startsWith('-') || /[\s\p{Cc}]/u.test(targetRevision))
      problems.add(`${field}.targetRevision`, 'must not start with "-" nor contain spaces or control characters');
    if (name !== undefined && repoURL !== undefined && !urlProblem) refSources.push({ ref: name, repoURL, targetRevision });
  });
  if (index === undefined) problems.add(FIELD, 'has no source to render (every source has a ref)');
  return { source, index, refSources };
}

/** Runs `resolve` on the rendering source, reporting its `spec.source...` problems as `spec.sources[i]...`. */
export function resolveAt<T>(index: number, problems: ValidationProblems, resolve: (p: ValidationProblems) => T): T {
  const inner = new ValidationProblems();
  const result = resolve(inner);
  for (const e of inner.errors) {
    const field = e.field.replace(/^spec\.source\b/, `${FIELD}[${index}]`);
    const message = e.message.startsWith(`${e.field}: `) ? e.message.slice(e.field.length + 2) : e.message;
    problems.errors.push(new ValidationError(field, message));
  }
  return result;
}
