import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

/**
 * The CEL library Tideway uses, over the cel-spec conformance tests @bufbuild/cel-spec ships
 * (scripts/cel-conformance.mjs; the figures for every candidate are in docs/policy.md). A library
 * upgrade that passes fewer fails here.
 */
const PASSED_WITH_0_6_1 = 1942;

test('@bufbuild/cel passes at least as many cel-spec conformance tests as when it was chosen', () => {
  const script = fileURLToPath(new URL('../../../scripts/cel-conformance.mjs', import.meta.url));
  const modules = fileURLToPath(new URL('../../../node_modules', import.meta.url));
  const out = execFileSync(process.execPath, [script, '--modules', modules, '--only', '@bufbuild/cel'], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  const match = /^@bufbuild\/cel: (\d+)\/(\d+) passed/m.exec(out);
  assert.ok(match, out);
  const [passed, total] = [Number(match[1]), Number(match[2])];
  assert.equal(total, 2344, 'the conformance suite of @bufbuild/cel-spec 0.6.1');
  assert.ok(passed >= PASSED_WITH_0_6_1, `${passed}/${total} passed, fewer than ${PASSED_WITH_0_6_1}`);
});
