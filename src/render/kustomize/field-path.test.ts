import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { smarterPathSplit } from './field-path.js';
import { splitPath } from './field-spec.js';

describe('field paths are split as kyaml splits them (utils.PathSplitter / SmarterPathSplitter)', () => {
  const dotted: [string, string[]][] = [
    ['metadata.name', ['metadata', 'name']],
    ['.metadata.name', ['metadata', 'name']],
    ['.spec.dnsNames.0', ['spec', 'dnsNames', '0']],
    ['.metadata.annotations.[cert-manager.io/inject-ca-from]', ['metadata', 'annotations', 'cert-manager.io/inject-ca-from']],
    ['spec.template.spec.containers.[name=app.v1].image', ['spec', 'template', 'spec', 'containers', '[name=app.v1]', 'image']],
    ['metadata.annotations.a\\.b', ['metadata', 'annotations', 'a.b']],
    ['.', ['']],
    ['', ['']],
  ];
  for (const [path, want] of dotted) {
    test(`replacement and var path '${path}' splits into ${JSON.stringify(want)}`, () => assert.deepEqual(smarterPathSplit(path), want));
  }

  const slashed: [string, string[]][] = [
    ['metadata/labels', ['metadata', 'labels']],
    ['/metadata/labels', ['metadata', 'labels']],
    ['spec/template/metadata/annotations/a\\/b', ['spec', 'template', 'metadata', 'annotations', 'a/b']],
  ];
  for (const [path, want] of slashed) {
    test(`field spec path '${path}' splits into ${JSON.stringify(want)}`, () => assert.deepEqual(splitPath(path), want));
  }
});
