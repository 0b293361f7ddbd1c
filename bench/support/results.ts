import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const RESULTS = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'RESULTS.md');
const HEADER = `# Benchmark results

Written by the benchmarks themselves (\`npm run bench:*\`): each run replaces its own section. Every
benchmark runs its peer on the same input in the same run and prints a ratio; the machine is shared
and noisy, so read ratios and medians, not single absolute times. Where a ratio is bounded by a
floor (the API server's own pace, Node's start), the floor is printed beside it.
`;

/**
 * What one benchmark reports: each line is printed as it comes and, on `save()`, written to
 * bench/RESULTS.md as the section `title`, stamped with the date, Node and the machine's load.
 */
export function benchReport(title: string): { line(text: string): void; save(): void } {
  const lines: string[] = [];
  const loadBefore = os.loadavg()[0];
  return {
    line(text: string) {
      console.log(text);
      lines.push(text);
    },
    save() {
      const stamp = `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, node ${process.version}, ${os.cpus().length} cores, load average ${loadBefore.toFixed(1)} at the start and ${os.loadavg()[0].toFixed(1)} at the end`;
      const section = `## ${title}\n\n_${stamp}_\n\n\`\`\`\n${lines.join('\n')}\n\`\`\`\n`;
      const current = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : HEADER;
      const sections = current.split(/^(?=## )/m);
      const at = sections.findIndex((s) => s.startsWith(`## ${title}\n`));
      if (at >= 0) sections[at] = `${section}\n`;
      else sections.push(`${sections.length > 0 && !sections.at(-1)!.endsWith('\n\n') ? '\n' : ''}${section}\n`);
      writeFileSync(RESULTS, `${sections.join('').trimEnd()}\n`);
    },
  };
}
