import type { GitTransport } from './repo-location.js';

/**
 * Configuration every git command runs with. Nothing from the repository, the system or the user's
 * global config can add to it: hooks, fsmonitor, attributes files, credential helpers, `ext::`,
 * background maintenance and submodule recursion are all switched off.
 */
export const SAFE_GIT_CONFIG: ReadonlyArray<readonly [string, string]> = [
  ['core.hooksPath', '/dev/null'],
  ['core.fsmonitor', 'false'],
  ['core.attributesFile', '/dev/null'],
  ['core.symlinks', 'true'],
  ['credential.helper', ''],
  ['protocol.ext.allow', 'never'],
  ['gc.auto', '0'],
  ['maintenance.auto', 'false'],
  ['fetch.recurseSubmodules', 'false'],
  ['submodule.recurse', 'false'],
  ['log.mailmap', 'false'],
  ['init.defaultBranch', 'main'],
];

/** Variables passed through from Tideway's own environment (proxies and CA bundles only). */
const PASS_THROUGH = [
  'http_proxy',
  'https_proxy',
  'no_proxy',
  'all_proxy',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'ALL_PROXY',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'TMPDIR',
];

export interface GitEnvInput {
  /** An empty directory used as HOME, so no ~/.gitconfig, ~/.netrc or credential store is read. */
  home: string;
  transports: readonly GitTransport[];
  /** Extra config entries (for example `http.extraHeader`); passed in the environment, never argv. */
  config?: ReadonlyArray<readonly [string, string]>;
  /** Extra variables (for example `GIT_SSH_COMMAND`). */
  env?: Record<string, string>;
  parentEnv?: NodeJS.ProcessEnv;
}

/**
 * The complete environment of a git process, built from scratch: git never inherits `GIT_*` variables,
 * an askpass program or an SSH agent from the process that runs Tideway.
 */
export function gitEnvironment(input: GitEnvInput): Record<string, string> {
  const parent = input.parentEnv ?? process.env;
  const env: Record<string, string> = {
    PATH: parent.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: input.home,
    XDG_CONFIG_HOME: input.home,
    LC_ALL: 'C',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_ATTR_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_NO_REPLACE_OBJECTS: '1',
    GIT_ALLOW_PROTOCOL: input.transports.join(':'),
    GIT_SSH_VARIANT: 'ssh',
  };
  for (const name of PASS_THROUGH) {
    const value = parent[name];
    if (value !== undefined) env[name] = value;
  }
  const config = [...SAFE_GIT_CONFIG, ...(input.config ?? [])];
  env.GIT_CONFIG_COUNT = String(config.length);
  config.forEach(([key, value], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = key;
    env[`GIT_CONFIG_VALUE_${i}`] = value;
  });
  return { ...env, ...input.env };
}
