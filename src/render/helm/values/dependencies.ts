import { type Chart, copyChart, setDependencies } from '../chart/chart.js';
import { isTable } from '../chart/go-yaml.js';
import type { Dependency } from '../chart/metadata.js';
import { satisfies } from '../chart/semver.js';
import { coalesceTables, coalesceValues, deepCopy, mergeTables, mergeValues, type Values, type Warn } from './coalesce.js';
import { pathValue, table } from './path.js';

/**
 * chartutil.ProcessDependenciesWithMerge, as `helm install`/`helm template` run it: aliases applied,
 * subcharts enabled or disabled by `tags` then `condition` (the first condition path that resolves to
 * a boolean wins), disabled ones removed recursively, then `import-values` copied from each subchart
 * into its parent's values (the parent's own values win). Mutates the chart tree.
 */
export function processDependencies(chart: Chart, vals: Values, warn: Warn = () => {}): void {
  processDependencyEnabled(chart, vals, '', warn);
  processDependencyImportValues(chart, true, warn);
}

function getAliasDependency(charts: Chart[], dep: Dependency): Chart | undefined {
  for (const c of charts) {
    if (c.metadata.name !== dep.name) continue;
    if (!satisfies(c.metadata.version, dep.version)) continue;
    const out = copyChart(c);
    if (dep.alias !== '') out.metadata.name = dep.alias;
    return out;
  }
  return undefined;
}

function processDependencyConditions(reqs: Dependency[], cvals: Values, cpath: string, warn: Warn): void {
  for (const r of reqs) {
    for (const c of r.condition.trim().split(',')) {
      if (c.length === 0) continue;
      const found = pathValue(cvals, cpath + c);
      if ('value' in found) {
        if (typeof found.value === 'boolean') {
          r.enabled = found.value;
          break;
        }
        warn(`Warning: Condition path '${c}' for chart ${r.name} returned non-bool value`);
      }
    }
  }
}

function processDependencyTags(reqs: Dependency[], cvals: Values, warn: Warn): void {
  const vt = table(cvals, 'tags');
  if (vt === undefined) return;
  for (const r of reqs) {
    let hasTrue = false;
    let hasFalse = false;
    for (const k of r.tags) {
      if (!Object.hasOwn(vt, k)) continue;
      const b = vt[k];
      if (typeof b === 'boolean') {
        if (b) hasTrue = true;
        else hasFalse = true;
      } else warn(`Warning: Tag '${k}' for chart ${r.name} returned non-bool value`);
    }
    if (!hasTrue && hasFalse) r.enabled = false;
    else if (hasTrue || (!hasTrue && !hasFalse)) r.enabled = true;
  }
}

function processDependencyEnabled(c: Chart, v: Values, path: string, warn: Warn): void {
  const reqs = c.metadata.dependencies;
  if (reqs.length === 0) return;
  const chartDependencies: Chart[] = [];
  for (const existing of c.dependencies) {
    const declared = reqs.some((req) => existing.metadata.name === req.name && satisfies(existing.metadata.version, req.version));
    if (!declared) chartDependencies.push(existing);
  }
  for (const req of reqs) {
    const dep = getAliasDependency(c.dependencies, req);
    if (dep) chartDependencies.push(dep);
    if (req.alias !== '') req.name = req.alias;
  }
  setDependencies(c, chartDependencies);
  for (const r of reqs) r.enabled = true;
  const cvals = coalesceValues(c, v, warn);
  processDependencyTags(reqs, cvals, warn);
  processDependencyConditions(reqs, cvals, path, warn);
  const rm = new Set(reqs.filter((r) => !r.enabled).map((r) => r.name));
  const cd = c.dependencies.filter((n) => !rm.has(n.metadata.name));
  const cdMetadata = reqs.filter((n) => !rm.has(n.name));
  for (const t of cd) processDependencyEnabled(t, cvals, `${path}${t.metadata.name}.`, warn);
  c.metadata.dependencies = cdMetadata;
  setDependencies(c, cd);
}

function pathToMap(path: string, data: Values): Values {
  if (path === '.') return data;
  let cur: Values = data;
  const parts = path.split('.');
  for (let i = parts.length - 1; i >= 0; i--) cur = { [parts[i]]: cur };
  return cur;
}

function goSprint(v: unknown): string {
  if (v === undefined || v === null) return '<nil>';
  return String(v);
}

function processImportValues(c: Chart, merge: boolean, warn: Warn): void {
  const reqs = c.metadata.dependencies;
  if (reqs.length === 0) return;
  let cvals = merge ? mergeValues(c, undefined, warn) : coalesceValues(c, undefined, warn);
  let b: Values = {};
  for (const r of reqs) {
    const outiv: unknown[] = [];
    for (const riv of r.importValues) {
      if (isTable(riv)) {
        const child = goSprint(riv.child);
        const parent = goSprint(riv.parent);
        outiv.push({ child, parent });
        const vv = table(cvals, `${r.name}.${child}`);
        if (vv === undefined) {
          warn(`Warning: ImportValues missing table from chart ${r.name}: no table named "${child}"`);
          continue;
        }
        b = merge ? mergeTables(b, pathToMap(parent, deepCopy(vv))) : coalesceTables(b, pathToMap(parent, deepCopy(vv)));
      } else if (typeof riv === 'string') {
        const child = `exports.${riv}`;
        outiv.push({ child, parent: '.' });
        const vm = table(cvals, `${r.name}.${child}`);
        if (vm === undefined) {
          warn(`Warning: ImportValues missing table: no table named "${child}"`);
          continue;
        }
        b = merge ? mergeTables(b, deepCopy(vm)) : coalesceTables(b, deepCopy(vm));
      }
    }
    r.importValues = outiv;
  }
  if (merge) {
    cvals = deepCopy(cvals);
    c.values = mergeTables(cvals, b);
  } else {
    cvals = trimNilValues(cvals);
    c.values = coalesceTables(cvals, b);
  }
}

function trimNilValues(vals: Values): Values {
  const out = deepCopy(vals);
  for (const key of Object.keys(out)) {
    if (out[key] === null) delete out[key];
    else if (isTable(out[key])) out[key] = trimNilValues(out[key] as Values);
  }
  return out;
}

function processDependencyImportValues(c: Chart, merge: boolean, warn: Warn): void {
  for (const d of c.dependencies) processDependencyImportValues(d, merge, warn);
  processImportValues(c, merge, warn);
}
