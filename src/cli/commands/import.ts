import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { TidewayError } from '../../core/errors.js';
import type { Manifest } from '../../core/model/manifest.js';
import { importObjects, type ImportInput, type ImportResult } from '../../core/import/index.js';
import { processIO, type CommandIO } from '../command-io.js';
import { defineCommand } from '../command-spec.js';
import { printHelp } from '../format-help.js';
import { parseCommand } from '../parse-command.js';
import { manifestsToYaml } from '../print-yaml.js';
import { UsageError } from '../usage-error.js';
import { objectsOf } from './health.js';

export const importSpec = defineCommand({
  name: 'import',
  summary: 'convert Argo CD Applications/AppProjects and Flux Kustomizations/HelmReleases into Tideway apps',
  usage: ['import FILE|DIR|- [--check] [-o yaml|json]'],
  description: `Converts Argo CD Applications and AppProjects (argoproj.io/v1alpha1), and Flux Kustomizations and
HelmReleases with the GitRepository, HelmRepository or OCIRepository they name, into Tideway
Applications and Projects, printed on standard output. Every input field that is not carried over is
printed on standard error with its path and the reason ("lost"), as is every field carried with a
different meaning ("changed"). A DIR is read with its subdirectories (*.yaml, *.yml, *.json); '-'
reads standard input. Each converted object is validated as the agent validates Applications.`,
  positionals: true,
  flags: [
    { name: 'check', type: 'boolean', help: 'convert nothing: print the report of what would be lost on standard output' },
    { name: 'output', short: 'o', type: 'string', value: 'yaml|json', help: 'yaml (default) or json (with --check: the report as JSON)' },
  ],
  footer: `Exit status: 0 when the input was converted (with --check: when nothing would be lost),
1 with --check when a field would be lost, 2 on invalid input (unreadable YAML, an object that is
not Argo CD's or Flux's, or one whose conversion Tideway refuses; the other objects are still converted).`,
});

const MAX_FILE_BYTES = 16 * 1024 * 1024;
const MAX_FILES = 10_000;

export async function importCommand(argv: string[], io: CommandIO = processIO): Promise<number> {
  const { values, positionals } = parseCommand(importSpec, argv);
  if (values.help) return printHelp(io.out, importSpec);
  if (positionals.length !== 1) throw new UsageError('give one FILE, DIR or - (standard input)', { command: 'import' });
  const format = values.output ?? 'yaml';
  if (format !== 'yaml' && format !== 'json') throw new UsageError(`-o: must be yaml or json (got "${format}")`, { command: 'import' });

  const results = importObjects(readInputs(positionals[0]!));
  const report = formatReport(results);
  const lost = results.some((r) => r.findings.some((f) => f.level === 'lost'));
  const invalid = results.some((r) => r.error !== undefined);
  if (values.check) {
    if (format === 'json')
      io.out(
        `${JSON.stringify(
          results.map(({ output: _, ...r }) => r),
          null,
          2,
        )}\n`,
      );
    else io.out(report || 'every field carries over\n');
    return invalid ? 2 : lost ? 1 : 0;
  }
  if (report) io.err(report);
  const outputs = results.flatMap((r) => (r.output ? [r.output] : []));
  if (format === 'json') io.out(`${JSON.stringify(outputs, null, 2)}\n`);
  else if (outputs.length > 0) io.out(manifestsToYaml(outputs as unknown as Manifest[]));
  return invalid ? 2 : 0;
}

/** One block per object with something to say: its subject and where, then one line per lost or changed field. */
export function formatReport(results: readonly ImportResult[]): string {
  const blocks: string[] = [];
  for (const r of results) {
    const shown = r.findings.filter((f) => f.level !== 'ignored');
    if (!r.error && shown.length === 0) continue;
    const lines = [`${r.subject} (${r.where}):`];
    if (r.error) lines.push(`  error    ${r.error.replace(/\n/g, '\n           ')}`);
    for (const f of shown) lines.push(`  ${f.level.padEnd(8)} ${f.path}: ${f.reason}`);
    blocks.push(lines.join('\n'));
  }
  return blocks.length ? `${blocks.join('\n')}\n` : '';
}

function readInputs(given: string): ImportInput[] {
  if (given === '-') return objectsOf('-', readFileSync(0, 'utf8'));
  let stat;
  try {
    stat = statSync(given);
  } catch {
    throw new TidewayError('InvalidManifest', `${given}: no such file or directory`);
  }
  const files = stat.isDirectory() ? listFiles(given) : [given];
  return files.flatMap((file) => {
    if (statSync(file).size > MAX_FILE_BYTES) throw new TidewayError('InputTooLarge', `${file}: larger than ${MAX_FILE_BYTES} bytes`);
    return objectsOf(file, readFileSync(file, 'utf8'));
  });
}

/** The YAML and JSON files under `dir`, sorted, skipping dot-directories; at most MAX_FILES. */
function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, depth: number) => {
    if (depth > 32) throw new TidewayError('InputTooLarge', `${d}: directories nested more than 32 deep`);
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.')) walk(p, depth + 1);
      } else if (entry.isFile() && /\.(ya?ml|json)$/.test(entry.name)) {
        out.push(p);
        if (out.length > MAX_FILES) throw new TidewayError('InputTooLarge', `${dir}: more than ${MAX_FILES} files`);
      }
    }
  };
  walk(dir, 0);
  return out;
}
