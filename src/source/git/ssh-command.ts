import { shellQuote } from '../../text/shell-quote.js';
import { TidewayError } from '../../core/errors.js';

/** Quotes one word for the POSIX shell git runs GIT_SSH_COMMAND with. */
export interface SshCommandInput {
  /** Private key file; when set, only this key is offered (`IdentitiesOnly`). */
  keyFile?: string;
  /** known_hosts file; without one every host key is unknown, so every connection is refused. */
  knownHostsFile?: string;
  connectTimeoutSeconds: number;
}

/**
 * The GIT_SSH_COMMAND for a fetch: no user ssh config (`-F /dev/null`), never prompts (`BatchMode`),
 * strict host key checking against the given known_hosts only. Holds file paths, never key material.
 */
export function buildSshCommand(input: SshCommandInput): string {
  const words = [
    'ssh',
    '-F',
    '/dev/null',
    '-o',
    'BatchMode=yes',
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    `UserKnownHostsFile=${sshConfigValue(input.knownHostsFile ?? '/dev/null')}`,
    '-o',
    'GlobalKnownHostsFile=/dev/null',
    '-o',
    `ConnectTimeout=${Math.max(1, Math.ceil(input.connectTimeoutSeconds))}`,
  ];
  if (input.keyFile) words.push('-o', 'IdentitiesOnly=yes', '-i', input.keyFile);
  return words.map((w) => (/^[A-Za-z0-9_./=:-]+$/.test(w) ? w : shellQuote(w))).join(' ');
}

/** ssh splits option values on spaces (UserKnownHostsFile takes a list): quote a path that has any. */
function sshConfigValue(value: string): string {
  if (/["\\\n]/.test(value))
    throw new TidewayError('InvalidApplication', `ssh option value ${JSON.stringify(value)} contains a quote, backslash or newline`);
  return /\s/.test(value) ? `"${value}"` : value;
}
