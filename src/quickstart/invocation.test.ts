import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cliInvocation, displayPath, shellDirectory } from './invocation.js';

test('the CLI is suggested as the user ran it: npx under npm start, the bin name when installed, else node and the script', () => {
  assert.equal(
    cliInvocation({ npm_lifecycle_event: 'start', npm_package_name: 'tideway' }, '/src/tideway/bin/tideway.js', '/src/tideway'),
    'npx tideway',
  );
  assert.equal(cliInvocation({}, '/usr/local/bin/tideway', '/home/ada'), 'tideway');
  assert.equal(cliInvocation({}, '/src/tideway/bin/tideway.js', '/src/tideway'), 'node bin/tideway.js');
  assert.equal(cliInvocation({}, '/src/tideway/bin/tideway.js', '/tmp/demo'), 'node /src/tideway/bin/tideway.js');
  assert.equal(
    cliInvocation({ npm_lifecycle_event: 'start', npm_package_name: 'other-app' }, '/src/tideway/bin/tideway.js', '/src/tideway'),
    'node bin/tideway.js',
  );
});

test('paths are shown relative to the shell when inside it, absolute otherwise', () => {
  assert.equal(displayPath('/w/demo/tideway-host', '/w/demo'), 'tideway-host');
  assert.equal(displayPath('/w/demo', '/w/demo'), '.');
  assert.equal(displayPath('/w/other/x', '/w/demo'), '/w/other/x');
});

test("under npm the shell's directory is INIT_CWD; otherwise the current one", () => {
  assert.equal(shellDirectory({ npm_lifecycle_event: 'start', INIT_CWD: '/w/demo/sub' }, '/w/demo'), '/w/demo/sub');
  assert.equal(shellDirectory({ INIT_CWD: '/elsewhere' }, '/w/demo'), '/w/demo');
});
