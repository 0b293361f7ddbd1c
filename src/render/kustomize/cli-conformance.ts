/**
 * Renders one kustomization directory to stdout (errors to stderr, exit 1); used by the conformance
 * runner and the benchmark: `node --import tsx src/render/kustomize/cli-conformance.ts DIR [--root ROOT]`.
 * Reads are confined to ROOT (default: the nearest ancestor holding `.git`, else the file system root).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createKustomizeRenderer, toYaml } from './index.js';

function repoRootOf(dir: string): string {
  for (let d = dir; ; d = path.dirname(d)) {
    if (existsSync(path.join(d, '.git'))) return d;
    if (path.dirname(d) === d) return d;
  }
}

const args = process.argv.slice(2);
const rootFlag = args.indexOf('--root');
const root = rootFlag >= 0 ? path.resolve(args.splice(rootFlag, 2)[1]) : undefined;
const dir = args[0];
if (!dir) {
  process.stderr.write('usage: cli-conformance.ts DIR [--root ROOT]\n');
  process.exit(2);
}
const abs = path.resolve(dir);
const repoRoot = root ?? repoRootOf(abs);
try {
  const objects = await createKustomizeRenderer().render({ root: repoRoot, path: path.relative(repoRoot, abs) || '.' });
  process.stdout.write(toYaml(objects));
} catch (err) {
  process.stderr.write(`Error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
