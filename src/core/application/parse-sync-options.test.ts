import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SyncOptions } from './application.js';
import { DEFAULT_SYNC_OPTIONS, parseSyncOptions } from './parse-sync-options.js';
import { ValidationErrorList } from './validation-problems.js';

test('known sync options set their flag and leave the others at their default', () => {
  const cases: Array<[string[] | undefined, Partial<SyncOptions>]> = [
    [undefined, {}],
    [[], {}],
    [['CreateNamespace=true'], { createNamespace: true }],
    [['CreateNamespace=false'], {}],
    [['PruneLast=true', 'Force=true'], { pruneLast: true, force: true }],
    [['PrunePropagationPolicy=foreground'], { prunePropagationPolicy: 'Foreground' }],
    [['PrunePropagationPolicy=background'], { prunePropagationPolicy: 'Background' }],
    [['PrunePropagationPolicy=orphan'], { prunePropagationPolicy: 'Orphan' }],
    [['ServerSideApply=true'], {}],
  ];
  for (const [input, changed] of cases)
    assert.deepEqual(parseSyncOptions(input), { ...DEFAULT_SYNC_OPTIONS, ...changed }, JSON.stringify(input));
});

test('bad sync options are all reported, each at its index', () => {
  const cases: Array<[unknown, string]> = [
    [
      ['CreateNamespace=true', 'Foo=bar'],
      'opts[1]: unknown option "Foo=bar" (known: CreateNamespace=, PruneLast=, PrunePropagationPolicy=, Force=, ServerSideApply=, Adopt=, AdoptFrom=, RespectIgnoreDifferences=, PruneCRDsWithResources=)',
    ],
    [
      ['CreateNamespace'],
      'opts[0]: unknown option "CreateNamespace" (known: CreateNamespace=, PruneLast=, PrunePropagationPolicy=, Force=, ServerSideApply=, Adopt=, AdoptFrom=, RespectIgnoreDifferences=, PruneCRDsWithResources=)',
    ],
    [
      ['createnamespace=true'],
      'opts[0]: unknown option "createnamespace=true" (known: CreateNamespace=, PruneLast=, PrunePropagationPolicy=, Force=, ServerSideApply=, Adopt=, AdoptFrom=, RespectIgnoreDifferences=, PruneCRDsWithResources=)',
    ],
    [['PrunePropagationPolicy=Foreground'], 'opts[0]: "PrunePropagationPolicy=Foreground": use foreground, background or orphan'],
    [['Force=1'], 'opts[0]: "Force=1": use true or false'],
    [['Force=true', 'Force=true'], 'opts[1]: Force is given more than once'],
    [[true], 'opts[0]: must be a string like "CreateNamespace=true" (got a boolean)'],
    [
      ['PruneLast=no', 'Bar=1'],
      'opts[0]: "PruneLast=no": use true or false\nopts[1]: unknown option "Bar=1" (known: CreateNamespace=, PruneLast=, PrunePropagationPolicy=, Force=, ServerSideApply=, Adopt=, AdoptFrom=, RespectIgnoreDifferences=, PruneCRDsWithResources=)',
    ],
    ['CreateNamespace=true', 'opts: must be a list of strings like "CreateNamespace=true" (got a string)'],
  ];
  for (const [input, message] of cases) {
    assert.throws(
      () => parseSyncOptions(input, 'opts'),
      (error: Error) => {
        assert.equal(error.message, message);
        if (Array.isArray(input) && input.length > 1) assert.ok(error instanceof ValidationErrorList);
        return true;
      },
      JSON.stringify(input),
    );
  }
});
