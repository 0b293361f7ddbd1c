import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RenderError, SourceError, TidewayError, ValidationError } from './errors.js';

test('error messages never carry URL credentials, whoever builds them', () => {
  const remote = 'https://bob:TOKEN1@git.example.com/org/base//deploy?ref=v1';
  const repo = 'https://git.example.com/app.git?access_token=TOKEN2';
  const errors = [
    new TidewayError('RenderFailed', `accumulating resources from '${remote}'`),
    new RenderError(`kustomization.yaml: remote base ${remote} refused`, { file: 'kustomization.yaml' }),
    new SourceError('SourceUnavailable', `git fetch from ${repo} failed`, { repoURL: repo }),
    new ValidationError('spec.source.repoURL', `${repo} is wrong`),
  ];
  for (const error of errors) {
    assert.ok(!/TOKEN[12]/.test(error.message), error.message);
    assert.match(error.message, /\*\*\*/);
  }
});
