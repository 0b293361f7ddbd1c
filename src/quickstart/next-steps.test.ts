import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatReady, type ReadyReport } from './next-steps.js';
import { shellQuote } from '../text/shell-quote.js';

const report: ReadyReport = {
  app: 'quickstart',
  revision: { sha: '4f3e2a1b9c8d7e6f', message: 'Quickstart example\n\nbody' },
  seconds: 3.14,
  endpoints: [
    { service: 'greeter', replica: 0, url: 'http://127.0.0.1:8081/' },
    { service: 'greeter', replica: 1, url: 'http://127.0.0.1:8082/' },
  ],
  cli: 'node bin/tideway.js',
  dataDirFlag: '',
  hostRoot: 'tideway-host',
  logsDir: '.tideway/host-state/logs',
  example: { dir: 'tideway-example', configManifest: 'manifests/greeter-config.yaml', configFile: 'tideway-host/greeter/greeting.conf' },
  intervalSeconds: 5,
};

describe('formatReady', () => {
  test('names the dashboard and the file with the initial admin password', () => {
    const text = formatReady({ ...report, dashboard: { url: 'http://127.0.0.1:7780/', passwordFile: '.tideway/initial-admin-password' } });
    assert.match(text, /^Dashboard: http:\/\/127\.0\.0\.1:7780\/$/m);
    assert.match(text, /^ {2}sign in as admin with the password in \.tideway\/initial-admin-password; the app's changes show there live$/m);
  });

  test('says the app is ready with its revision and time, then every URL', () => {
    const text = formatReady(report);
    assert.match(text, /^quickstart is Synced and Healthy at 4f3e2a1 "Quickstart example" \(3\.1 s\)\n/);
    assert.match(text, /^ {2}http:\/\/127\.0\.0\.1:8081\/ {4}\(greeter, replica 0\)$/m);
    assert.match(text, /^ {2}http:\/\/127\.0\.0\.1:8082\/ {4}\(greeter, replica 1\)$/m);
  });

  test('gives the example a copy-pasteable command for each thing to try, with the CLI as the user runs it', () => {
    const commands = formatReady(report)
      .split('\n')
      .filter((l) => l.startsWith('    '))
      .map((l) => l.trim());
    assert.deepEqual(commands, [
      `(cd tideway-example && sed -i 's/greeting = .*/greeting = Hello from Git/' manifests/greeter-config.yaml && git commit -qam "Say hello from Git")`,
      'curl http://127.0.0.1:8081/',
      'rm tideway-host/greeter/greeting.conf; sleep 1; cat tideway-host/greeter/greeting.conf',
      `kill $(curl -s http://127.0.0.1:8081/ | grep -o 'pid [0-9]*' | cut -d' ' -f2); sleep 1; curl http://127.0.0.1:8081/`,
      '(cd tideway-example && git revert --no-edit HEAD)',
      'node bin/tideway.js history quickstart',
      'node bin/tideway.js status',
    ]);
  });

  test('with --repo, names the repository and passes a data dir that is not the default to every command', () => {
    const text = formatReady({
      ...report,
      example: undefined,
      repo: { url: 'https://git.example.com/ops.git', path: 'hosts/web' },
      cli: 'npx tideway',
      dataDirFlag: '--data-dir /srv/state',
      endpoints: [],
    });
    assert.match(text, /No Service with an HTTP readiness probe/);
    assert.match(text, /Commit to https:\/\/git\.example\.com\/ops\.git \(path hosts\/web\); Tideway applies it within ~5 s\./);
    assert.match(text, /^ {4}npx tideway history quickstart --data-dir \/srv\/state$/m);
    assert.match(text, /^ {4}npx tideway status --data-dir \/srv\/state$/m);
    assert.doesNotMatch(text, /sed -i|git revert|kill /);
  });

  test('quotes paths with spaces for the shell', () => {
    const text = formatReady({
      ...report,
      example: { ...report.example!, dir: '/home/ada/my example', configFile: "/tmp/it's/greeting.conf" },
    });
    assert.match(text, /\(cd '\/home\/ada\/my example' && sed/);
    assert.match(text, /rm '\/tmp\/it'\\''s\/greeting\.conf';/);
  });
});

test('shellQuote leaves plain words alone and single-quotes the rest', () => {
  assert.deepEqual(['a/b-c_d.e', 'with space', "it's", '$HOME'].map(shellQuote), ['a/b-c_d.e', "'with space'", `'it'\\''s'`, "'$HOME'"]);
});
