/**
 * The corpus runner's TEMPLATE_CMD: runs one template-level case file and prints the output
 * (exit 0), or the error on stderr (exit 1).
 *   TEMPLATE_CMD='node --import tsx src/render/helm/template/conformance-cli.ts {case}' ./run.sh
 */
import { readFileSync } from 'node:fs';
import { readCases, runCase } from './conformance-case.js';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: conformance-cli.ts CASE.json\n');
  process.exit(2);
}
const [c] = readCases(readFileSync(file, 'utf8'));
const r = runCase(c);
if (r.ok) process.stdout.write(r.output);
else {
  process.stderr.write(`Error: ${r.error}\n`);
  process.exitCode = 1;
}
