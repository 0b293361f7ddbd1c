import type { ResolvedApplication } from './application.js';
import { dnsLabelProblem } from './dns-label.js';
import { checkMapping, checkString } from './field-checks.js';
import type { ValidationProblems } from './validation-problems.js';

const FIELD = 'spec.destination';
const TARGETS = ['kubernetes', 'host'] as const;

/**
 * Validates `spec.destination`: a kubeconfig `context`, an API `server`, or the `name` of a cluster
 * registered as a Secret labelled `tideway.dev/secret-type: cluster` (one of the three; none means
 * the current context), a default `namespace` (DNS-1123 label) and the `target` (`kubernetes` by default).
 */
export function resolveDestination(value: unknown, problems: ValidationProblems): ResolvedApplication['destination'] | undefined {
  if (value === undefined || value === null) return { target: 'kubernetes' };
  const destination = checkMapping(value, FIELD, ['context', 'server', 'name', 'namespace', 'target'], problems);
  if (!destination) return undefined;
  const before = problems.errors.length;

  const target = checkString(destination, 'target', FIELD, problems) ?? 'kubernetes';
  if (!(TARGETS as readonly string[]).includes(target))
    problems.add(`${FIELD}.target`, `must be "kubernetes" or "host" (got ${JSON.stringify(target)})`);

  const context = checkString(destination, 'context', FIELD, problems);
  const server = checkString(destination, 'server', FIELD, problems);
  if (server !== undefined) {
    const problem = serverProblem(server);
    if (problem) problems.add(`${FIELD}.server`, problem);
  }
  const name = checkString(destination, 'name', FIELD, problems);
  if (name !== undefined) {
    const problem = dnsLabelProblem(name, 253);
    if (problem) problems.add(`${FIELD}.name`, problem);
  }
  if ([context, server, name].filter((x) => x !== undefined).length > 1)
    problems.add(FIELD, name === undefined ? 'set context or server, not both' : 'set one of context, server and name');
  if (target === 'host') {
    if (context !== undefined) problems.add(`${FIELD}.context`, 'is not used with target "host"');
    if (server !== undefined) problems.add(`${FIELD}.server`, 'is not used with target "host"');
    if (name !== undefined) problems.add(`${FIELD}.name`, 'is not used with target "host"');
  }

  const namespace = checkString(destination, 'namespace', FIELD, problems);
  const namespaceProblem = namespace === undefined ? undefined : dnsLabelProblem(namespace, 63);
  if (namespaceProblem) problems.add(`${FIELD}.namespace`, namespaceProblem);

  if (problems.errors.length > before) return undefined;
  const resolved: ResolvedApplication['destination'] = { target: target as ResolvedApplication['destination']['target'] };
  if (context !== undefined) resolved.context = context;
  if (server !== undefined) resolved.server = server;
  if (name !== undefined) resolved.name = name;
  if (namespace !== undefined) resolved.namespace = namespace;
  return resolved;
}

function serverProblem(server: string): string | undefined {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    return 'must be an https:// or http:// URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an https:// or http:// URL';
  if (url.username || url.password) return 'must not contain credentials';
  return undefined;
}
