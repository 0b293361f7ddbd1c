/** The template set as Helm's engine uses it: files parsed into one set, include, tpl, missing
 * values, Helm's error wrapping, and the limits that protect against hostile templates. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createTemplateSet, fromPlain, GoStruct, TemplateExecError, TemplateLimitError, TemplateParseError, type Value } from './index.js';

const values = (o: unknown) => fromPlain(o) as Value;

function helm(files: Record<string, string>, options: Parameters<typeof createTemplateSet>[0] = {}) {
  const set = createTemplateSet({ funcs: 'helm', helmMode: true, ...options });
  for (const [name, text] of Object.entries(files)) set.parse(name, text);
  return set;
}

describe('a Helm template set', () => {
  test('includes a named template defined in another file, with its data', () => {
    const set = helm({
      'c/templates/_helpers.tpl': '{{- define "c.name" -}}{{ .Chart.Name | trunc 63 }}{{- end }}',
      'c/templates/cm.yaml': 'name: {{ include "c.name" . | quote }}',
    });
    const data = new Map<string, Value>([['Chart', new GoStruct('*chart.Metadata', { Name: 'demo' })]]);
    assert.equal(set.execute('c/templates/cm.yaml', data), 'name: "demo"');
    assert.deepEqual(set.names(), ['c.name', 'c/templates/_helpers.tpl', 'c/templates/cm.yaml']);
  });

  test('renders missing values as empty text (missingkey=zero and <no value> removed)', () => {
    const set = helm({ t: 'a={{ .Values.missing }} b={{ .Values.x }}' });
    assert.equal(set.execute('t', values({ Values: { x: 1 } })), 'a= b=1');
  });

  test('fails on a field of a missing map, as Helm does', () => {
    const set = helm({ t: '{{ .Values.a.b }}' });
    assert.throws(() => set.execute('t', values({ Values: {} })), /nil pointer evaluating interface \{\}\.b/);
  });

  test('prints float values as Go does (1e+06) and toYaml prints them as integers', () => {
    const set = helm({ t: '{{ .Values.num }} {{ toYaml .Values }}' });
    assert.equal(set.execute('t', values({ Values: { num: 1000000 } })), '1e+06 num: 1000000');
  });

  test('tpl renders a string as a template with the given data and sees its own defines', () => {
    const set = helm({ t: '{{ tpl .Values.text . }}' });
    const data = values({ Values: { text: '{{ define "x" }}X{{ end }}{{ include "x" . }}-{{ .Values.name }}', name: 'n' } });
    assert.equal(set.execute('t', data), 'X-n');
    assert.equal(set.execute('t', values({ Values: { text: '{{ .Values.name }}', name: 'n' } })), 'n');
  });

  test('tpl errors name the template text', () => {
    const set = helm({ t: '{{ tpl "{{ fail \\"boom\\" }}" . }}' });
    assert.throws(() => set.execute('t', values({})), /error during tpl function execution for .*HELM_ERR_STARTboomHELM_ERR_END/);
  });

  test('required fails with the message on a missing or empty value', () => {
    const set = helm({ t: '{{ required "need x" .Values.x }}' });
    assert.throws(() => set.execute('t', values({ Values: {} })), /HELM_ERR_STARTneed xHELM_ERR_END/);
    assert.equal(set.execute('t', values({ Values: { x: 'ok' } })), 'ok');
  });

  test('lookup returns an empty map unless a hook answers', () => {
    assert.equal(helm({ t: '{{ lookup "v1" "Secret" "ns" "s" }}' }).execute('t', null), 'map[]');
    const hooked = helm({ t: '{{ (lookup "v1" "Secret" "ns" "s").kind }}' }, { hooks: { lookup: () => values({ kind: 'Secret' }) } });
    assert.equal(hooked.execute('t', null), 'Secret');
  });

  test('a later file overrides a define; an empty re-parse does not erase a template', () => {
    const set = helm({ a: '{{ define "x" }}1{{ end }}', b: '{{ define "x" }}2{{ end }}', t: '{{ template "x" }}' });
    set.parse('t2', '   ');
    assert.equal(set.execute('t', null), '2');
  });
});

describe('errors', () => {
  test('parse errors use Go wording and name the file and line', () => {
    assert.throws(
      () => helm({ 'c/t.yaml': 'a\n{{ if .X }}' }),
      (e: unknown) => e instanceof TemplateParseError && e.message === 'template: c/t.yaml:2: unexpected EOF',
    );
    assert.throws(() => helm({ f: '{{ nofunc }}' }), /function "nofunc" not defined/);
  });

  test('execution errors name the file, line, column and the failing action', () => {
    const set = helm({ 'c/t.yaml': 'a\n  {{ index .Values.l 5 }}' });
    assert.throws(
      () => set.execute('c/t.yaml', values({ Values: { l: [1] } })),
      (e: unknown) =>
        e instanceof TemplateExecError &&
        e.message === 'template: c/t.yaml:2:5: executing "c/t.yaml" at <index .Values.l 5>: error calling index: index out of range: 5',
    );
  });

  test('a function given the wrong type fails as Go does', () => {
    const set = helm({ t: '{{ trunc .Values.n "abc" }}' });
    assert.throws(() => set.execute('t', values({ Values: { n: 2 } })), /wrong type for value; expected int; got float64/);
  });
});

describe('limits against hostile templates', () => {
  test('include recursion stops with a clear error', () => {
    const set = helm({ t: '{{ define "r" }}{{ include "r" . }}{{ end }}{{ include "r" . }}' }, { limits: { maxIncludeDepth: 50 } });
    assert.throws(() => set.execute('t', null), /rendering template has a nested reference name: r/);
  });

  test('template recursion stops at the depth limit', () => {
    const set = helm({ t: '{{ define "r" }}{{ template "r" . }}{{ end }}{{ template "r" . }}' }, { limits: { maxTemplateDepth: 100 } });
    assert.throws(
      () => set.execute('t', null),
      (e: unknown) => e instanceof TemplateLimitError && /exceeded maximum template depth \(100\)/.test(e.message),
    );
  });

  test('output is bounded', () => {
    const set = helm({ t: '{{ range until 100000 }}xxxxxxxxxx{{ end }}' }, { limits: { maxOutputBytes: 10000 } });
    assert.throws(
      () => set.execute('t', null),
      (e: unknown) => e instanceof TemplateLimitError && /limits.maxOutputBytes/.test(e.message),
    );
  });

  test('execution time is bounded', () => {
    const set = helm({ t: '{{ range until 3000 }}{{ range until 3000 }}{{ end }}{{ end }}' }, { limits: { timeoutMs: 50 } });
    assert.throws(
      () => set.execute('t', null),
      (e: unknown) => e instanceof TemplateLimitError && /limits.timeoutMs/.test(e.message),
    );
  });

  test('no environment is visible: env is absent from the helm set and empty in the sprig set', () => {
    assert.throws(() => helm({ t: '{{ env "HOME" }}' }), /function "env" not defined/);
    const sprig = createTemplateSet({ funcs: 'sprig' });
    sprig.parse('t', '[{{ env "HOME" }}]');
    assert.equal(sprig.execute('t', null), '[]');
  });
});

describe('maps with methods', () => {
  test('a named map calls its methods before looking up keys, and is a map everywhere else', async () => {
    const { GoNamedMap } = await import('./value.js');
    const vals = new GoNamedMap('chartutil.Values', [['a', 1]], (self) => ({ AsMap: { params: [], fn: () => new Map(self) } }));
    const set = helm({ t: '{{ .Values.a }} {{ .Values.AsMap }} {{ typeOf .Values }} {{ keys .Values }} {{ toJson .Values }}' });
    assert.equal(set.execute('t', new Map([['Values', vals]])), '1 map[a:1] chartutil.Values [a] {"a":1}');
  });
});
