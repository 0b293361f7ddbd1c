/**
 * Measures how often Tideway's health agrees with Argo CD's own test cases, read in place from
 * checkouts given on the command line (nothing is copied into this repository):
 *
 *   node --import tsx scripts/health-agreement.ts [--gitops-engine DIR] [--argo-cd DIR] [--list]
 *
 * --gitops-engine: a gitops-engine checkout; pkg/health/health_test.go names each fixture's expected
 *   status (fixtures expected to get no status at all are counted apart, not scored).
 * --argo-cd: an argo-cd checkout; every resource_customizations/<group>/<kind>/health_test.yaml case,
 *   judged by the built-in table; "covered" counts the cases whose kind has a check of its own.
 *   Argo CD's tests run each script alone, while Argo CD (and Tideway) report an object being deleted
 *   as "Pending deletion" before any check; some of its fixtures carry a deletionTimestamp, so it is
 *   removed here to score the check itself.
 * --lua: with --argo-cd, also run Argo CD's own health.lua scripts through Tideway's Lua adapter
 *   (src/health-checks/lua) on their own test cases, as Argo CD's tests do: counts status, and status
 *   with message.
 * --list: print every disagreement.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parse, parseAllDocuments } from 'yaml';
import { builtinHealthChecks, findHealthCheck, healthOf, withHealthChecks } from '../src/core/health/index.js';
import { splitApiVersion, type Manifest } from '../src/core/model/manifest.js';

const { values } = parseArgs({
  options: {
    'gitops-engine': { type: 'string' },
    'argo-cd': { type: 'string' },
    list: { type: 'boolean' },
    lua: { type: 'boolean' },
  },
});

interface Case {
  /** The resource_customizations folder the case belongs to (argo-cd only). */
  dir?: string;
  file: string;
  object: Manifest;
  /** The object as the fixture has it (the Lua scripts read deletionTimestamp themselves). */
  raw?: Manifest;
  status: string;
  message?: string;
}

let yamlErrors = 0;

/** The first document of a fixture (a file the yaml library finds invalid is counted, and read as far as it goes). */
function loadObject(file: string): Manifest {
  const docs = parseAllDocuments(readFileSync(file, 'utf8')).filter((d) => d.contents !== null);
  if (docs[0]?.errors.length) {
    yamlErrors++;
    if (values.list) console.log(`  ${file}: not valid YAML to the yaml library: ${docs[0].errors[0]!.message.split('\n')[0]}`);
  }
  return docs[0]?.toJS() as Manifest;
}

function gitopsEngineCases(dir: string): { cases: Case[]; unscored: string[] } {
  const healthDir = path.join(dir, 'pkg/health');
  const source = readFileSync(path.join(healthDir, 'health_test.go'), 'utf8');
  const cases: Case[] = [];
  for (const m of source.matchAll(/assertAppHealth\(t, "([^"]+)", HealthStatus(\w+)\)/g)) {
    const file = path.join(healthDir, m[1]!);
    if (existsSync(file)) cases.push({ file, object: loadObject(file), status: m[2]! });
  }
  const unscored = [...source.matchAll(/assert\.Nil\(t, getHealthStatus\(t, "([^"]+)"\)\)/g)].map((m) => m[1]!);
  return { cases, unscored };
}

function argoCdCases(dir: string): Case[] {
  const root = path.join(dir, 'resource_customizations');
  const cases: Case[] = [];
  for (const group of readdirSync(root)) {
    if (!statSync(path.join(root, group)).isDirectory()) continue;
    for (const kind of readdirSync(path.join(root, group))) {
      const kindDir = path.join(root, group, kind);
      const testFile = path.join(kindDir, 'health_test.yaml');
      if (!existsSync(testFile)) continue;
      const spec = parse(readFileSync(testFile, 'utf8')) as {
        tests?: { healthStatus: { status: string; message?: string }; inputPath?: string; inputpath?: string }[];
      };
      for (const t of spec.tests ?? []) {
        const input = t.inputPath ?? t.inputpath; // one Argo CD test file spells it in lower case
        if (!input) continue;
        const file = path.join(kindDir, input);
        const raw = loadObject(file);
        const object = structuredClone(raw);
        if (object?.metadata) delete object.metadata.deletionTimestamp;
        cases.push({ dir: kindDir, file, object, raw, status: t.healthStatus.status, message: t.healthStatus.message });
      }
    }
  }
  return cases;
}

function covered(object: Manifest): boolean {
  const { group } = splitApiVersion(object?.apiVersion);
  return findHealthCheck(builtinHealthChecks, group, String(object?.kind)) !== undefined;
}

function score(title: string, cases: Case[], root: string): void {
  let agree = 0;
  let coveredCases = 0;
  let coveredAgree = 0;
  const kinds = new Set<string>();
  const coveredKinds = new Set<string>();
  for (const c of cases) {
    const kind = `${splitApiVersion(c.object?.apiVersion).group}/${c.object?.kind}`;
    kinds.add(kind);
    const got = healthOf(c.object);
    const ok = got.status === c.status;
    if (ok) agree++;
    if (covered(c.object)) {
      coveredKinds.add(kind);
      coveredCases++;
      if (ok) coveredAgree++;
    }
    if (!ok && values.list) console.log(`  ${path.relative(root, c.file)}: want ${c.status}, got ${got.status} (${got.message ?? ''})`);
  }
  const pct = (a: number, n: number) => (n ? ((100 * a) / n).toFixed(1) : '0.0');
  console.log(`${title}: ${agree} of ${cases.length} agree (${pct(agree, cases.length)}%) over ${kinds.size} kinds`);
  console.log(
    `  kinds with a built-in check: ${coveredAgree} of ${coveredCases} agree (${pct(coveredAgree, coveredCases)}%) over ${coveredKinds.size} kinds`,
  );
}

if (values['gitops-engine']) {
  const { cases, unscored } = gitopsEngineCases(values['gitops-engine']);
  score('gitops-engine pkg/health', cases, values['gitops-engine']);
  console.log(`  not scored (Argo CD expects no status): ${unscored.join(', ')}`);
}
async function scoreLua(cases: Case[], root: string): Promise<void> {
  const { createLuaHealthChecks, loadLuaHealthScripts } = await import('../src/health-checks/lua/index.js');
  // every script at once, looked up by the object's group and kind (an exact script before a wildcard
  // one), as Argo CD's own test harness finds them
  const loadStart = performance.now();
  const scripts = loadLuaHealthScripts(path.join(root, 'resource_customizations'));
  const checks = await createLuaHealthChecks(scripts);
  const loadMs = performance.now() - loadStart;
  let runMs = 0;
  const table = withHealthChecks(new Map(), checks.entries);
  let status = 0;
  let both = 0;
  let noScript = 0;
  for (const c of cases) {
    const object = c.raw ?? c.object;
    const check = findHealthCheck(table, splitApiVersion(object?.apiVersion).group, String(object?.kind));
    if (!check) {
      noScript++;
      continue;
    }
    const t = performance.now();
    const got = check(object);
    runMs += performance.now() - t;
    const sameStatus = got.status === c.status;
    const sameMessage = (got.message ?? '') === (c.message ?? '');
    if (sameStatus) status++;
    if (sameStatus && sameMessage) both++;
    if (values.list && !(sameStatus && sameMessage)) {
      console.log(`  ${path.relative(root, c.file)}: want ${c.status} "${c.message ?? ''}", got ${got.status} "${got.message ?? ''}"`);
    }
  }
  checks.close();
  console.log(
    `argo-cd health.lua scripts run by Tideway's Lua adapter: ${scripts.length} scripts loaded and compiled in ${loadMs.toFixed(0)} ms; ` +
      `${cases.length} runs in ${runMs.toFixed(0)} ms (${((1000 * runMs) / cases.length).toFixed(0)} µs each)`,
  );
  console.log(`  status agrees on ${status} of ${cases.length} cases; status and message on ${both}; no script found for ${noScript}`);
}

if (values['argo-cd']) {
  const cases = argoCdCases(values['argo-cd']);
  score('argo-cd resource_customizations', cases, values['argo-cd']);
  if (values.lua) await scoreLua(cases, values['argo-cd']);
  console.log(`fixtures the yaml library finds invalid (read as far as they go): ${yamlErrors}`);
}
if (!values['gitops-engine'] && !values['argo-cd']) {
  console.error('usage: health-agreement.ts [--gitops-engine DIR] [--argo-cd DIR] [--list]');
  process.exit(2);
}
