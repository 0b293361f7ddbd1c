import { readFileSync, statSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { TidewayError } from '../../core/errors.js';
import { builtinHealthChecks, healthOf, withHealthChecks, type HealthStatus, type HealthTable } from '../../core/health/index.js';
import type { Manifest } from '../../core/model/manifest.js';
import { processIO, type CommandIO } from '../command-io.js';
import { formatTable } from '../format-table.js';
import { defineCommand } from '../command-spec.js';
import { printHelp } from '../format-help.js';
import { parseCommand } from '../parse-command.js';
import { UsageError } from '../usage-error.js';
import { wantsJson } from '../agent-flags.js';

export const healthSpec = defineCommand({
  name: 'health',
  summary: 'the health of saved objects',
  usage: ['health -f FILE [-f FILE ...] [--checks PATH ...] [-o json]'],
  description: `Prints the health of each object saved in FILE (YAML or JSON, several documents, or a List as
'kubectl get -o yaml' prints it; '-' reads standard input), as the agent judges it.`,
  flags: [
    { name: 'file', short: 'f', type: 'string', multiple: true, value: 'FILE', help: "objects to judge ('-': standard input)" },
    {
      name: 'checks',
      type: 'string',
      multiple: true,
      value: 'PATH',
      help: "health checks to use before the built-in ones: Argo CD Lua checks (a directory of\n<group>/<kind>/health.lua files, '_' a wildcard, 'core' the core group, or an argocd-cm\nConfigMap file with resource.customizations.health.* keys) and CEL checks in Flux's shape\n(a YAML file with healthCheckExprs: [{apiVersion, kind, current, inProgress, failed}])",
    },
    {
      name: 'output',
      short: 'o',
      type: 'string',
      value: 'json',
      help: 'one JSON array of {apiVersion, kind, namespace, name, status, message};\nan error is then one JSON line on stderr',
    },
  ],
  footer: 'Exit status: 0 when every object was judged, 2 on an unreadable file or check.',
});

const MAX_INPUT_BYTES = 64 * 1024 * 1024;

interface Judged {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  status: HealthStatus['status'];
  message?: string;
}

function readInput(file: string): string {
  if (file === '-') return readFileSync(0, 'utf8');
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new TidewayError('InvalidManifest', `${file}: no such file`);
  }
  if (size > MAX_INPUT_BYTES) throw new TidewayError('InputTooLarge', `${file}: larger than ${MAX_INPUT_BYTES} bytes`);
  return readFileSync(file, 'utf8');
}

/** The objects of one file: every document, with the items of a List spread out. */
export function objectsOf(file: string, text: string): { object: unknown; where: string }[] {
  const out: { object: unknown; where: string }[] = [];
  for (const doc of parseAllDocuments(text)) {
    const start = doc.contents?.range?.[0] ?? doc.range?.[0] ?? 0;
    const line = text.slice(0, start).split('\n').length;
    if (doc.errors.length > 0) {
      const e = doc.errors[0]!;
      throw new TidewayError('InvalidManifest', `${file}:${e.linePos?.[0].line ?? line}: ${e.message.split('\n')[0]}`);
    }
    const value = doc.toJS({ maxAliasCount: 100 }) as unknown;
    if (value === null || value === undefined) continue;
    const items = (value as { kind?: unknown; items?: unknown }).kind === 'List' ? (value as { items?: unknown }).items : undefined;
    if (Array.isArray(items)) items.forEach((item, i) => out.push({ object: item, where: `${file}:${line} items[${i}]` }));
    else out.push({ object: value, where: `${file}:${line}` });
  }
  return out;
}

function judge(object: unknown, where: string, table: HealthTable): Judged {
  const o = (typeof object === 'object' && object !== null && !Array.isArray(object) ? object : {}) as Partial<Manifest>;
  const metadata = (typeof o.metadata === 'object' && o.metadata !== null ? o.metadata : {}) as Partial<Manifest['metadata']>;
  const health = healthOf(object as Manifest, table);
  return {
    apiVersion: typeof o.apiVersion === 'string' ? o.apiVersion : '',
    kind: typeof o.kind === 'string' ? o.kind : '',
    ...(typeof metadata.namespace === 'string' ? { namespace: metadata.namespace } : {}),
    name: typeof metadata.name === 'string' ? metadata.name : `(unnamed, ${where})`,
    status: health.status,
    ...(health.message ? { message: health.message } : {}),
  };
}

export async function health(argv: string[], io: CommandIO = processIO): Promise<number> {
  const { values } = parseCommand(healthSpec, argv);
  if (values.help) return printHelp(io.out, healthSpec);
  if (!values.file?.length) throw new UsageError('-f FILE is required: the saved objects to judge', { command: 'health' });
  wantsJson(values.output, 'health');
  const inputs = values.file.flatMap((file) => objectsOf(file, readInput(file)));
  let table: HealthTable = builtinHealthChecks;
  let close = () => {};
  if (values.checks?.length) {
    const { loadHealthChecks } = await import('../../health-checks/load-health-checks.js');
    const checks = await loadHealthChecks(values.checks, builtinHealthChecks);
    table = withHealthChecks(builtinHealthChecks, checks.entries);
    close = checks.close;
  }
  try {
    const judged = inputs.map(({ object, where }) => judge(object, where, table));
    if (values.output === 'json') io.out(`${JSON.stringify(judged, null, 2)}\n`);
    else {
      const rows = judged.map((j) => [j.kind, j.namespace ? `${j.namespace}/${j.name}` : j.name, j.status, j.message ?? '']);
      io.out(`${formatTable(['KIND', 'NAME', 'HEALTH', 'MESSAGE'], rows)}\n`);
    }
    return 0;
  } finally {
    close();
  }
}
