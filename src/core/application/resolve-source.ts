import type { ResolvedApplication } from './application.js';
import { checkBoolean, checkMapping, checkString, hasControlCharacter, type Mapping } from './field-checks.js';
import { parseDuration } from './parse-duration.js';
import { resolveDecryption } from './resolve-decryption.js';
import { resolveVerify } from './resolve-verify.js';
import { repoURLProblem } from './repo-url.js';
import { helmRepoURLProblem, resolveHelmSource } from './resolve-helm-source.js';
import { normalizeSourcePath } from './source-path.js';
import type { ValidationProblems } from './validation-problems.js';

export const DEFAULT_INTERVAL_MS = 60_000;
/** Polling more often than this only loads the Git server. */
export const MIN_INTERVAL_MS = 1000;

const FIELD = 'spec.source';
const SOURCE_FIELDS = ['repoURL', 'targetRevision', 'path', 'directory', 'interval', 'kustomize', 'chart', 'helm', 'decryption', 'verify'];

/** Validates `spec.source` and fills in its defaults; records problems and returns undefined when invalid. */
export function resolveSource(value: unknown, problems: ValidationProblems): ResolvedApplication['source'] | undefined {
  if (value === undefined || value === null) {
    problems.add(FIELD, 'is required');
    return undefined;
  }
  const source = checkMapping(value, FIELD, SOURCE_FIELDS, problems);
  if (!source) return undefined;

  const repoURL = checkString(source, 'repoURL', FIELD, problems, true);
  // A chart from a Helm repository (`chart`) or an OCI registry takes a chart repository URL, not a Git one.
  const chart = checkString(source, 'chart', FIELD, problems);
  const fromChartRepo = chart !== undefined || repoURL?.startsWith('oci://') === true;
  const urlProblem = repoURL === undefined ? undefined : fromChartRepo ? helmRepoURLProblem(repoURL) : repoURLProblem(repoURL);

  // For a chart repository, targetRevision is a chart version or a semver range (`>=1.2 <2`), never given to git.
  const targetRevision = checkString(source, 'targetRevision', FIELD, problems) ?? 'HEAD';
  if (targetRevision.startsWith('-')) problems.add(`${FIELD}.targetRevision`, 'must not start with "-" (git would read it as an option)');
  else if ((!fromChartRepo && /\s/.test(targetRevision)) || hasControlCharacter(targetRevision))
    problems.add(`${FIELD}.targetRevision`, 'must not contain spaces or control characters');
  if (urlProblem) problems.add(`${FIELD}.repoURL`, urlProblem);

  const rawPath = checkString(source, 'path', FIELD, problems) ?? '.';
  const path = problems.attempt(() => normalizeSourcePath(rawPath, `${FIELD}.path`));

  const interval = checkString(source, 'interval', FIELD, problems);
  let intervalMs: number | undefined = DEFAULT_INTERVAL_MS;
  if (interval !== undefined) {
    intervalMs = problems.attempt(() => parseDuration(interval, `${FIELD}.interval`));
    if (intervalMs !== undefined && intervalMs < MIN_INTERVAL_MS)
      problems.add(`${FIELD}.interval`, `${JSON.stringify(interval)} is too short (at least 1s)`);
  }

  const directory = resolveDirectory(source, problems);
  const kustomize =
    source.kustomize === undefined ? undefined : checkMapping(source.kustomize, `${FIELD}.kustomize`, ['allowRemoteBases'], problems);
  const allowRemoteBases = kustomize ? (checkBoolean(kustomize, 'allowRemoteBases', `${FIELD}.kustomize`, problems) ?? false) : false;

  const decryption = resolveDecryption(source.decryption, problems);
  const verify = resolveVerify(source.verify, problems);
  const helm = resolveHelmSource(source.helm, problems);

  if (repoURL === undefined || urlProblem || path === undefined || intervalMs === undefined || !directory) return undefined;
  return {
    repoURL,
    targetRevision,
    path,
    directory,
    intervalMs,
    allowRemoteBases,
    ...(decryption && { decryption }),
    ...(verify && { verify }),
    ...(chart !== undefined && { chart }),
    ...(helm && { helm }),
  };
}

function resolveDirectory(source: Mapping, problems: ValidationProblems): ResolvedApplication['source']['directory'] | undefined {
  if (source.directory === undefined || source.directory === null) return { recurse: false };
  const field = `${FIELD}.directory`;
  const directory = checkMapping(source.directory, field, ['recurse', 'include', 'exclude'], problems);
  if (!directory) return undefined;
  const resolved: ResolvedApplication['source']['directory'] = { recurse: checkBoolean(directory, 'recurse', field, problems) ?? false };
  const include = checkString(directory, 'include', field, problems);
  const exclude = checkString(directory, 'exclude', field, problems);
  if (include !== undefined) resolved.include = include;
  if (exclude !== undefined) resolved.exclude = exclude;
  return resolved;
}
