import { shellQuote } from '../text/shell-quote.js';
/**
 * What `tideway up` prints once the app is Synced and Healthy: where the services answer, and things
 * to try, each a command to copy and paste (run from the directory `tideway up` was started in). Pure.
 */
import type { ServiceEndpoint } from './service-endpoints.js';

export interface ReadyReport {
  app: string;
  revision?: { sha: string; message?: string };
  /** Seconds from start to Synced and Healthy. */
  seconds: number;
  endpoints: ServiceEndpoint[];
  /** How to run Tideway's CLI from the user's shell: `node bin/tideway.js`, `npx tideway`, `tideway`. */
  cli: string;
  /** `--data-dir X` when the CLI's default (.tideway in the shell's directory) is not the one in use; else ''. */
  dataDirFlag: string;
  /** Paths as the user's shell sees them (relative when inside its directory). */
  hostRoot: string;
  logsDir: string;
  /** The quickstart's own example (absent with --repo). */
  example?: { dir: string; configManifest: string; configFile: string };
  repo?: { url: string; path: string };
  /** Poll interval, for the "within N s" promise. */
  intervalSeconds: number;
  /** Where the dashboard answers, and the file with the admin's initial password (as the user's shell sees it). */
  dashboard?: { url: string; passwordFile?: string };
}

export function formatReady(r: ReadyReport): string {
  const q = shellQuote;
  const cli = `${r.cli}`;
  const flag = r.dataDirFlag ? ` ${r.dataDirFlag}` : '';
  const revision = r.revision
    ? ` at ${r.revision.sha.slice(0, 7)}${r.revision.message ? ` "${r.revision.message.split('\n')[0]}"` : ''}`
    : '';
  const lines = [`${r.app} is Synced and Healthy${revision} (${r.seconds.toFixed(1)} s)`, ''];
  if (r.dashboard) {
    lines.push(`Dashboard: ${r.dashboard.url}`);
    lines.push(
      r.dashboard.passwordFile
        ? `  sign in as admin with the password in ${r.dashboard.passwordFile}; the app's changes show there live`
        : "  sign in as admin; the app's changes show there live",
      '',
    );
  }
  if (r.endpoints.length > 0) {
    lines.push('The service answers on:');
    for (const e of r.endpoints) lines.push(`  ${e.url}    (${e.service}, replica ${e.replica})`);
  } else {
    lines.push('No Service with an HTTP readiness probe: no URL to show.');
  }
  const first = r.endpoints[0]?.url;
  lines.push('', 'Things to try, in another terminal in this directory:');
  if (r.example) {
    const ex = r.example;
    lines.push(
      '',
      `  Change the greeting in Git; within ~${r.intervalSeconds} s both replicas restart with it, one at a time:`,
      `    (cd ${q(ex.dir)} && sed -i 's/greeting = .*/greeting = Hello from Git/' ${q(ex.configManifest)} && git commit -qam "Say hello from Git")`,
      ...(first ? [`    curl ${first}`] : []),
      '',
      '  Delete the config file by hand; Tideway restores it at once:',
      `    rm ${q(ex.configFile)}; sleep 1; cat ${q(ex.configFile)}`,
      ...(first
        ? [
            '',
            '  Kill a replica; it is restarted (a new pid answers):',
            `    kill $(curl -s ${first} | grep -o 'pid [0-9]*' | cut -d' ' -f2); sleep 1; curl ${first}`,
          ]
        : []),
      '',
      '  Undo the last commit; the old greeting comes back:',
      `    (cd ${q(ex.dir)} && git revert --no-edit HEAD)`,
    );
  } else if (r.repo) {
    lines.push('', `  Commit to ${r.repo.url} (path ${r.repo.path}); Tideway applies it within ~${r.intervalSeconds} s.`);
  }
  lines.push(
    '',
    '  See what Tideway did and how the app is:',
    `    ${cli} history ${r.app}${flag}`,
    `    ${cli} status${flag}`,
    '',
    `Files live under ${r.hostRoot}/, replica logs in ${r.logsDir}/.`,
    'Ctrl-C stops Tideway and the services it started.',
  );
  return lines.join('\n');
}
