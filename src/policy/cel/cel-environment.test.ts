import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CelCompileError, createCelEnvironment, fromCel } from './index.js';

const env = createCelEnvironment({ variables: ['object', 'params'] });
const object = {
  metadata: { name: 'web', labels: { app: 'web', Tier: 'front' } },
  spec: {
    replicas: 3,
    ratio: 0.5,
    containers: [
      { name: 'app', image: 'nginx:latest', ports: [{ containerPort: 80 }] },
      { name: 'side', image: 'busybox:1.36' },
    ],
  },
};

const evaluate = (expression: string, variables: Record<string, unknown> = { object }) => {
  const outcome = env.compile(expression, 'test').evaluate(variables);
  return outcome.ok ? fromCel(outcome.value) : { error: outcome.error };
};

test('expressions read JSON objects with whole numbers as int, as Kubernetes CEL does', () => {
  const cases: Array<[string, unknown]> = [
    ['object.spec.replicas + 1', 4],
    ['object.spec.replicas == 3 && object.spec.ratio < 1.0', true],
    ['object.spec.replicas * object.spec.ratio', { error: "found no matching overload for '_*_' applied to '(int, double)'" }],
    ['has(object.spec.replicas) && !has(object.spec.paused)', true],
    ['object.spec.containers.all(c, !c.image.endsWith(":latest"))', false],
    ['object.spec.containers.exists_one(c, c.name == "side")', true],
    ['object.spec.containers.map(c, c.name)', ['app', 'side']],
    ['object.spec.containers.filter(c, has(c.ports)).size()', 1],
    ['object.metadata.labels.exists(k, k.lowerAscii() != k)', true],
    ['object.metadata.name.matches("^[a-z]+$")', true],
    ['params == null', true],
    ['object.spec.missing', { error: 'field not found: missing' }],
  ];
  for (const [expression, expected] of cases) assert.deepEqual(evaluate(expression), expected, expression);
});

test('the Kubernetes string, list, URL and quantity functions are there', () => {
  const cases: Array<[string, unknown]> = [
    ['"AbC".lowerAscii() + "AbC".upperAscii()', 'abcABC'],
    ['"a,b,c".split(",")', ['a', 'b', 'c']],
    ['["a", "b"].join("-")', 'a-b'],
    ['"registry/app:v1".replace(":v1", ":v2")', 'registry/app:v2'],
    ['"nginx:latest".indexOf(":")', 5],
    ['[1, 2, 2, 5].isSorted() && !["b", "a"].isSorted()', true],
    ['[1, 2, 3].sum()', 6],
    ['[1.5, 2.5].sum()', 4],
    ['[3, 1, 2].min()', 1],
    ['["b", "c", "a"].max()', 'c'],
    ['[1, 2, 3, 2].indexOf(2)', 1],
    ['[1, 2, 3, 2].lastIndexOf(2)', 3],
    ['[].max()', { error: 'max() called on an empty list' }],
    ['url("https://example.com:8443/a/b?x=1&x=2").getHost()', 'example.com:8443'],
    ['url("https://example.com:8443/a/b").getHostname() + url("https://[::1]:80/").getHostname()', 'example.com::1'],
    ['url("https://example.com:8443/a/b").getPort()', '8443'],
    ['url("https://example.com/a/b?x=1").getEscapedPath()', '/a/b'],
    ['url("https://example.com/?x=1&x=2&y=3").getQuery()', { x: ['1', '2'], y: ['3'] }],
    ['url("/healthz").getScheme()', ''],
    ['isURL("https://example.com") && !isURL("example.com")', true],
    ['quantity("500Mi").isLessThan(quantity("1Gi")) && quantity("1.5").isGreaterThan(quantity("1500m"))', false],
    ['quantity("1500m").compareTo(quantity("1.5"))', 0],
    ['quantity("2Gi").asInteger()', 2147483648],
    ['quantity("1.5").isInteger() || !isQuantity("lots")', true],
    ['quantity("250m").add(quantity("750m")).asInteger() + quantity("1k").sub(1).asInteger()', 1000],
    ['quantity("0.5").asApproximateFloat()', 0.5],
    ['quantity("-3").sign()', -1],
    ['quantity("1.5").asInteger()', { error: 'cannot convert value to integer' }],
  ];
  for (const [expression, expected] of cases) assert.deepEqual(evaluate(expression), expected, expression);
});

test('compile errors name the source and the expression', () => {
  const cases: Array<[string, RegExp]> = [
    ['object.spec.replicas >', /^policy\/p spec.validations\[0\]: syntax error: at 1:22: .* in "object.spec.replicas >"$/],
    ['objct.spec', /undeclared reference to 'objct' \(known: object, params\) in "objct.spec"/],
    ['object.spec.containers.all(c, d.image == "")', /undeclared reference to 'd'/],
    ['object.metadata.name.shout()', /unknown function 'shout'/],
    ['', /empty expression/],
    ['x'.repeat(20_000), /expression longer than 10240 characters/],
    ['('.repeat(5000), /nested too deeply|syntax error/],
  ];
  for (const [expression, pattern] of cases) {
    assert.throws(
      () => env.compile(expression, 'policy/p spec.validations[0]'),
      (error: unknown) => error instanceof CelCompileError && error.code === 'InvalidPolicy' && pattern.test(error.message),
      expression.slice(0, 40),
    );
  }
});

test('an evaluation that spends more than its cost or time budget is stopped with an error', () => {
  const items = Array.from({ length: 300 }, (_, i) => i);
  const nested = env.compile('object.items.all(a, object.items.all(b, object.items.all(c, a + b + c >= 0)))', 'test');
  const started = performance.now();
  assert.deepEqual(nested.evaluate({ object: { items } }, { timeoutMs: 60_000 }), {
    ok: false,
    error: 'cost limit exceeded (more than 1000000 units)',
  });
  assert.ok(performance.now() - started < 30_000);
  assert.deepEqual(nested.evaluate({ object: { items } }, { maxCost: 1e12, timeoutMs: 50 }), { ok: false, error: 'time limit exceeded' });
  const small = env.compile('object.items.all(a, object.items.all(b, true))', 'test');
  assert.deepEqual(small.evaluate({ object: { items: items.slice(0, 10) } }, { maxCost: 1000 }), { ok: true, value: true });
  assert.deepEqual(small.evaluate({ object: { items: items.slice(0, 100) } }, { maxCost: 1000 }).ok, false);
});

test('one program evaluates with many variable sets, and a value CEL made can be passed back in', () => {
  const program = env.compile('object.metadata.name + "-" + string(object.spec.replicas)', 'test');
  assert.deepEqual(program.evaluate({ object }), { ok: true, value: 'web-3' });
  assert.deepEqual(program.evaluate({ object: { metadata: { name: 'api' }, spec: { replicas: 1 } } }), { ok: true, value: 'api-1' });
  const made = env.compile('object.spec.containers.map(c, c.name)', 'test').evaluate({ object });
  assert.ok(made.ok);
  assert.deepEqual(env.compile('params.size()', 'test').evaluate({ params: made.value }), { ok: true, value: 2n });
});
