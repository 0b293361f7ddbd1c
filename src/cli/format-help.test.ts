import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CommandSpec } from './command-spec.js';
import { agentSpec } from './commands/agent.js';
import { auditSpec } from './commands/audit.js';
import { diffSpec } from './commands/diff.js';
import { healthSpec } from './commands/health.js';
import { historySpec } from './commands/history.js';
import { renderSpec } from './commands/render.js';
import { resumeSpec } from './commands/resume.js';
import { rollbackSpec } from './commands/rollback.js';
import { statusSpec } from './commands/status.js';
import { syncSpec } from './commands/sync.js';
import { tokenSpec } from './commands/token.js';
import { userSpec } from './commands/user.js';
import { upSpec } from './commands/up.js';
import { formatHelp } from './format-help.js';
import { parseCommand } from './parse-command.js';
import { UsageError } from './usage-error.js';

const specs: CommandSpec[] = [
  renderSpec,
  diffSpec,
  syncSpec,
  healthSpec,
  agentSpec,
  upSpec,
  statusSpec,
  historySpec,
  rollbackSpec,
  resumeSpec,
  auditSpec,
  tokenSpec,
  userSpec,
];

test('every command has a flag table, and its --help explains every flag in it, with -h/--help last', () => {
  for (const spec of specs) {
    const help = formatHelp(spec);
    assert.match(help, new RegExp(`^usage: tideway ${spec.name}\\b`), spec.name);
    for (const flag of spec.flags) {
      const line = help.split('\n').find((l) => new RegExp(`^  (-${flag.short}, )?\\s*--${flag.name}(?![\\w-])`).test(l));
      assert.ok(line, `${spec.name} --help lists --${flag.name}`);
      assert.ok(flag.help.length > 10, `${spec.name} --${flag.name} is explained`);
      assert.ok(line.includes(flag.help.split('\n')[0]), `${spec.name} --${flag.name}: ${line}`);
    }
    assert.match(help, /^ {2}-h, --help +show this help$/m, spec.name);
    assert.equal(new Set(spec.flags.map((f) => f.name)).size, spec.flags.length, `${spec.name}: no flag twice`);
  }
});

test('a wrong flag is a UsageError naming it, with the closest known flag when it looks like a typo', () => {
  const usage = (argv: string[]) => {
    try {
      parseCommand(syncSpec, argv);
    } catch (error) {
      assert.ok(error instanceof UsageError);
      assert.equal(error.code, 'Usage');
      assert.equal(error.command, 'sync');
      return error.message;
    }
    assert.fail(`${argv.join(' ')} parsed`);
  };
  assert.equal(usage(['--dryrun']), '--dryrun: unknown flag (did you mean --dry-run?)');
  assert.equal(usage(['--wait=yes']), '--wait: takes no value');
  assert.equal(usage(['-f']), '--file: needs a value (FILE)');
  assert.equal(usage(['--colour']), '--colour: unknown flag');
  assert.equal(usage(['-x']), '-x: unknown flag');
  assert.throws(() => parseCommand(auditSpec, ['web']), /^UsageError: unexpected argument "web": audit takes only flags$/);
});

test('parsed values are typed from the table: strings, booleans and repeatable flags', () => {
  const { values, positionals } = parseCommand(healthSpec, ['-f', 'a.yaml', '--file', 'b.yaml', '-o', 'json']);
  assert.deepEqual(values.file, ['a.yaml', 'b.yaml']);
  assert.equal(values.output, 'json');
  assert.deepEqual(positionals, []);
  assert.equal(parseCommand(syncSpec, ['web', '--wait']).values.wait, true);
});
