import type { CrdObject } from '../chart/chart.js';
import { globToRegExp } from '../chart/helmignore.js';
import type { Hook, SortedManifest } from './sort-manifests.js';
import { splitManifests } from './sort-manifests.js';

/** `--show-only` named a template that rendered nothing (Helm: `could not find template x in chart`). */
export class ShowOnlyError extends Error {}

export interface OutputOptions {
  includeCrds?: boolean;
  skipTests?: boolean;
  /** `--show-only` paths or globs, relative to the chart (`templates/x.yaml`, `charts/sub/templates/*`). */
  showOnly?: string[];
}

const decoder = new TextDecoder();

/**
 * What `helm template` prints: the CRDs (with --include-crds), the manifests in install order, then
 * the hooks (tests left out with --skip-tests), each as `---\n# Source: path\n` and its text; with
 * --show-only, only the documents whose source path matches one of the globs, in glob order.
 */
export function templateOutput(crds: CrdObject[], manifests: SortedManifest[], hooks: Hook[], options: OutputOptions = {}): string {
  let manifestDoc = '';
  if (options.includeCrds) {
    for (const crd of crds) manifestDoc += `---\n# Source: ${crd.filename}\n${decoder.decode(crd.data)}\n`;
  }
  for (const m of manifests) manifestDoc += `---\n# Source: ${m.name}\n${m.content}\n`;
  let out = `${manifestDoc.trim()}\n`;
  for (const h of hooks) {
    if (options.skipTests && h.events.includes('test')) continue;
    out += `---\n# Source: ${h.name}\n${h.content}\n`;
  }
  const showOnly = options.showOnly ?? [];
  if (showOnly.length === 0) return out;
  const docs = splitManifests(out);
  let shown = '';
  for (const f of showOnly) {
    const re = globToRegExp(f.replace(/\\/g, '/'));
    let missing = true;
    for (const doc of docs) {
      const m = /# Source: [^/]+\/(.+)/.exec(doc);
      if (!m || !re.test(m[1])) continue;
      shown += `---\n${doc}\n`;
      missing = false;
    }
    if (missing) throw new ShowOnlyError(`could not find template ${f} in chart`);
  }
  return shown;
}
