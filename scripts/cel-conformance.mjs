#!/usr/bin/env node
// Runs CEL candidate libraries over the cel-spec conformance tests that @bufbuild/cel-spec ships, and
// prints one line per candidate (passed / total, per suite with --suites). How the CEL library was
// chosen: see docs/policy.md. The candidates need not be dependencies of Tideway: install them
// anywhere (`npm install --prefix /tmp/cel @marcbachmann/cel-js cel-js @bufbuild/cel @bufbuild/cel-spec`)
// and pass that directory: `node scripts/cel-conformance.mjs --modules /tmp/cel/node_modules [--suites]`.
// A candidate that is not installed there is reported as absent.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const modulesDir = args.includes('--modules') ? path.resolve(args[args.indexOf('--modules') + 1]) : path.resolve('node_modules');
const perSuite = args.includes('--suites');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const showFailures = args.includes('--failures') ? Number(args[args.indexOf('--failures') + 1]) : 0;
const suiteFilter = args.includes('--suite') ? args[args.indexOf('--suite') + 1] : undefined;
const require = createRequire(path.join(modulesDir, 'x.js'));
const load = async (name) => import(pathToFileURL(require.resolve(name)).href);

const { getConformanceSuite } = await load('@bufbuild/cel-spec/testdata/tests.js');
const { getTestRegistry } = await load('@bufbuild/cel-spec/testdata/registry.js');
const protobuf = await load('@bufbuild/protobuf');
const wkt = await load('@bufbuild/protobuf/wkt');
const registry = getTestRegistry();

// ---- the expected values, in one canonical form: {t, v} ----
function canonFromValue(value) {
  const k = value.kind;
  switch (k.case) {
    case 'nullValue':
      return { t: 'null' };
    case 'boolValue':
      return { t: 'bool', v: k.value };
    case 'int64Value':
      return { t: 'int', v: BigInt(k.value) };
    case 'uint64Value':
      return { t: 'uint', v: BigInt(k.value) };
    case 'doubleValue':
      return { t: 'double', v: k.value };
    case 'stringValue':
      return { t: 'string', v: k.value };
    case 'bytesValue':
      return { t: 'bytes', v: Buffer.from(k.value).toString('hex') };
    case 'enumValue':
      return { t: 'int', v: BigInt(k.value.value) };
    case 'typeValue':
      return { t: 'type', v: k.value };
    case 'listValue':
      return { t: 'list', v: k.value.values.map(canonFromValue) };
    case 'mapValue':
      return { t: 'map', v: k.value.entries.map((e) => [canonFromValue(e.key), canonFromValue(e.value)]) };
    case 'objectValue':
      return canonFromMessage(wkt.anyUnpack(k.value, registry));
    default:
      return { t: 'unsupported', v: k.case };
  }
}

function canonFromMessage(message) {
  if (message === undefined) return { t: 'unsupported', v: 'unknown Any' };
  const typeName = message.$typeName;
  if (typeName === 'google.protobuf.Timestamp')
    return { t: 'timestamp', v: BigInt(message.seconds) * 1_000_000_000n + BigInt(message.nanos) };
  if (typeName === 'google.protobuf.Duration')
    return { t: 'duration', v: BigInt(message.seconds) * 1_000_000_000n + BigInt(message.nanos) };
  const schema = registry.getMessage(typeName);
  return { t: 'object', type: typeName, v: JSON.stringify(protobuf.toJson(schema, message, { registry })) };
}

function equalCanon(a, b, loose) {
  if (loose && isNumber(a) && isNumber(b)) return Number(a.v) === Number(b.v) || (Number.isNaN(Number(a.v)) && Number.isNaN(Number(b.v)));
  if (a.t !== b.t) return false;
  switch (a.t) {
    case 'null':
      return true;
    case 'double':
      return a.v === b.v || (Number.isNaN(a.v) && Number.isNaN(b.v));
    case 'list':
      return a.v.length === b.v.length && a.v.every((x, i) => equalCanon(x, b.v[i], loose));
    case 'map':
      return (
        a.v.length === b.v.length && a.v.every(([k, v]) => b.v.some(([k2, v2]) => equalCanon(k, k2, loose) && equalCanon(v, v2, loose)))
      );
    case 'object':
      return a.type === b.type && a.v === b.v;
    default:
      return a.v === b.v;
  }
}
const isNumber = (c) => c.t === 'int' || c.t === 'uint' || c.t === 'double';

// ---- candidates: each turns a binding Value into its own input, and its result into canonical form ----
const candidates = {
  async '@marcbachmann/cel-js'() {
    const cel = await load('@marcbachmann/cel-js');
    const env = new cel.Environment({ unlistedVariablesAreDyn: true, homogeneousAggregateLiterals: false, enableOptionalTypes: true });
    const Uint = env.evaluate('1u').constructor;
    const Duration = env.evaluate('duration("1s")').constructor;
    const toInput = (value) => {
      const k = value.kind;
      switch (k.case) {
        case 'nullValue':
          return null;
        case 'int64Value':
        case 'enumValue':
          return BigInt(k.case === 'enumValue' ? k.value.value : k.value);
        case 'uint64Value':
          return new Uint(BigInt(k.value));
        case 'bytesValue':
          return new Uint8Array(k.value);
        case 'listValue':
          return k.value.values.map(toInput);
        case 'mapValue':
          return new Map(k.value.entries.map((e) => [toInput(e.key), toInput(e.value)]));
        case 'objectValue': {
          const m = wkt.anyUnpack(k.value, registry);
          if (m?.$typeName === 'google.protobuf.Timestamp') return new Date(Number(m.seconds) * 1000 + m.nanos / 1e6);
          if (m?.$typeName === 'google.protobuf.Duration') return new Duration(Number(m.seconds), m.nanos);
          throw new Unsupported('protobuf message input');
        }
        case 'typeValue':
          throw new Unsupported('type input');
        default:
          return k.value;
      }
    };
    const toCanon = (r) => {
      if (r === null || r === undefined) return { t: 'null' };
      if (typeof r === 'boolean') return { t: 'bool', v: r };
      if (typeof r === 'bigint') return { t: 'int', v: r };
      if (typeof r === 'number') return { t: 'double', v: r };
      if (typeof r === 'string') return { t: 'string', v: r };
      if (r instanceof Uint8Array) return { t: 'bytes', v: Buffer.from(r).toString('hex') };
      if (r instanceof Uint) return { t: 'uint', v: BigInt(r.value) };
      if (r instanceof Date) return { t: 'timestamp', v: BigInt(r.getTime()) * 1_000_000n + BigInt(r.__nanos ?? 0) };
      if (r instanceof Duration) return { t: 'duration', v: BigInt(r.seconds) * 1_000_000_000n + BigInt(r.nanos) };
      if (Array.isArray(r)) return { t: 'list', v: r.map(toCanon) };
      if (r instanceof Map) return { t: 'map', v: [...r].map(([k, v]) => [toCanon(k), toCanon(v)]) };
      if (r.constructor?.name === 'Type') return { t: 'type', v: r.name };
      if (r instanceof cel.Optional) return { t: 'optional' };
      if (Object.getPrototypeOf(r) === Object.prototype)
        return { t: 'map', v: Object.entries(r).map(([k, v]) => [{ t: 'string', v: k }, toCanon(v)]) };
      return { t: 'unsupported', v: r.constructor?.name };
    };
    return {
      run(test, bindings) {
        const input = {};
        for (const [name, value] of Object.entries(bindings)) input[name] = toInput(value);
        const program = env.parse(test.expr);
        if (!test.disableCheck) {
          const checked = program.check();
          if (!checked.valid) throw checked.error;
        }
        if (test.checkOnly) return { checked: true };
        return toCanon(program(input));
      },
    };
  },
  async 'cel-js'() {
    const cel = await load('cel-js');
    const toInput = (value) => {
      const k = value.kind;
      switch (k.case) {
        case 'nullValue':
          return null;
        case 'int64Value':
        case 'uint64Value':
          return Number(k.value);
        case 'enumValue':
          return k.value.value;
        case 'bytesValue':
          return new Uint8Array(k.value);
        case 'listValue':
          return k.value.values.map(toInput);
        case 'mapValue': {
          const out = {};
          for (const e of k.value.entries) out[String(toInput(e.key))] = toInput(e.value);
          return out;
        }
        case 'objectValue':
          throw new Unsupported('protobuf message input');
        case 'typeValue':
          throw new Unsupported('type input');
        default:
          return k.value;
      }
    };
    const toCanon = (r) => {
      if (r === null || r === undefined) return { t: 'null' };
      if (typeof r === 'boolean') return { t: 'bool', v: r };
      if (typeof r === 'number') return { t: 'double', v: r };
      if (typeof r === 'bigint') return { t: 'int', v: r };
      if (typeof r === 'string') return { t: 'string', v: r };
      if (r instanceof Uint8Array) return { t: 'bytes', v: Buffer.from(r).toString('hex') };
      if (r instanceof Date) return { t: 'timestamp', v: BigInt(r.getTime()) * 1_000_000n };
      if (Array.isArray(r)) return { t: 'list', v: r.map(toCanon) };
      if (r instanceof Map) return { t: 'map', v: [...r].map(([k, v]) => [toCanon(k), toCanon(v)]) };
      if (typeof r === 'object') return { t: 'map', v: Object.entries(r).map(([k, v]) => [{ t: 'string', v: k }, toCanon(v)]) };
      return { t: 'unsupported', v: typeof r };
    };
    return {
      // cel-js has plain numbers for int, uint and double: numbers are compared by value alone.
      loose: true,
      run(test, bindings) {
        const input = {};
        for (const [name, value] of Object.entries(bindings)) input[name] = toInput(value);
        const parsed = cel.parse(test.expr);
        if (!parsed.isSuccess) throw new Error(String(parsed.errors?.[0] ?? 'parse error'));
        if (test.checkOnly) return { checked: true };
        return toCanon(cel.evaluate(parsed.cst, input));
      },
    };
  },
  async '@bufbuild/cel'() {
    const cel = await load('@bufbuild/cel');
    const ext = await load('@bufbuild/cel/ext');
    const toInput = (value) => {
      const k = value.kind;
      switch (k.case) {
        case 'nullValue':
          return null;
        case 'int64Value':
          return BigInt(k.value);
        case 'enumValue':
          return BigInt(k.value.value);
        case 'uint64Value':
          return cel.celUint(BigInt(k.value));
        case 'bytesValue':
          return new Uint8Array(k.value);
        case 'listValue':
          return k.value.values.map(toInput);
        case 'mapValue':
          return new Map(k.value.entries.map((e) => [toInput(e.key), toInput(e.value)]));
        case 'objectValue':
          return wkt.anyUnpack(k.value, registry);
        case 'typeValue':
          throw new Unsupported('type input');
        default:
          return k.value;
      }
    };
    const toCanon = (r) => {
      if (cel.isCelError(r)) throw r;
      if (r === null || r === undefined) return { t: 'null' };
      if (typeof r === 'boolean') return { t: 'bool', v: r };
      if (typeof r === 'bigint') return { t: 'int', v: r };
      if (typeof r === 'number') return { t: 'double', v: r };
      if (typeof r === 'string') return { t: 'string', v: r };
      if (r instanceof Uint8Array) return { t: 'bytes', v: Buffer.from(r).toString('hex') };
      if (cel.isCelUint(r)) return { t: 'uint', v: r.value };
      if (cel.isCelType(r)) return { t: 'type', v: r.name };
      if (cel.isCelList(r)) return { t: 'list', v: [...r].map(toCanon) };
      if (cel.isCelMap(r)) return { t: 'map', v: [...r].map(([k, v]) => [toCanon(k), toCanon(v)]) };
      if (r.$typeName) return canonFromMessage(r);
      if (r.message?.$typeName) return canonFromMessage(r.message);
      return { t: 'unsupported', v: r.constructor?.name };
    };
    return {
      run(test, bindings) {
        const input = {};
        for (const [name, value] of Object.entries(bindings)) input[name] = toInput(value);
        const env = cel.celEnv({ registry, namespace: test.container || undefined, funcs: ext.strings ?? undefined });
        const parsed = cel.parse(test.expr);
        if (test.checkOnly) return { checked: true };
        return toCanon(cel.plan(env, parsed)(input));
      },
    };
  },
};

class Unsupported extends Error {}
const show = (v) => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `${x}n` : x));

function expectationOf(test) {
  const m = test.resultMatcher;
  if (m.case === 'value') return { value: canonFromValue(m.value) };
  if (m.case === 'typedResult') return m.value.result ? { value: canonFromValue(m.value.result) } : { checkOnly: true };
  if (m.case === 'evalError' || m.case === 'anyEvalErrors') return { error: true };
  if (m.case === undefined) return { value: { t: 'bool', v: true } }; // the spec's default: true
  return { unsupported: m.case };
}

function bindingsOf(test) {
  const out = {};
  for (const [name, exprValue] of Object.entries(test.bindings)) {
    if (exprValue.kind.case !== 'value') throw new Unsupported(`binding of kind ${exprValue.kind.case}`);
    out[name] = exprValue.kind.value;
  }
  return out;
}

function* allTests(suite, trail = []) {
  for (const test of suite.tests) yield { suite: trail[0] ?? suite.name, test };
  for (const child of suite.suites) yield* allTests(child, [...trail, child.name]);
}

const suite = getConformanceSuite();
const tests = [...allTests(suite)];
for (const [name, make] of Object.entries(candidates)) {
  if (only && name !== only) continue;
  let candidate;
  try {
    candidate = await make();
  } catch (error) {
    console.log(`${name}: absent (${error.message.split('\n')[0]})`);
    continue;
  }
  const bySuite = new Map();
  let passed = 0;
  let shown = 0;
  const started = performance.now();
  for (const { suite: suiteName, test } of tests) {
    const original = test.original;
    const expect = expectationOf(original);
    if (suiteFilter && suiteName !== suiteFilter) continue;
    let ok = false;
    let why = '';
    try {
      const result = candidate.run(original, bindingsOf(original));
      if (expect.checkOnly || original.checkOnly) ok = result?.checked === true || !expect.error;
      else if (expect.value) ok = equalCanon(expect.value, result, candidate.loose);
      why = `got ${show(result)}, expected ${show(expect)}`;
    } catch (error) {
      ok = !!expect.error && !(error instanceof Unsupported);
      why = `threw ${String(error.message).split('\n')[0]}, expected ${show(expect)}`;
    }
    if (!ok && shown < showFailures) {
      shown++;
      console.log(`  FAIL ${suiteName}/${original.name}: ${original.expr} -- ${why}`);
    }
    if (ok) passed++;
    const s = bySuite.get(suiteName) ?? { passed: 0, total: 0 };
    s.total++;
    if (ok) s.passed++;
    bySuite.set(suiteName, s);
  }
  const ms = performance.now() - started;
  console.log(`${name}: ${passed}/${tests.length} passed (${((100 * passed) / tests.length).toFixed(1)}%) in ${ms.toFixed(0)} ms`);
  if (perSuite) for (const [s, r] of bySuite) console.log(`  ${s.padEnd(18)} ${r.passed}/${r.total}`);
}
