import { VERIFY_MODES, type VerifyKeys, type VerifyMode, type VerifySpec } from '../verification/verify-spec.js';
import { checkMapping, checkString, describeType, type Mapping } from './field-checks.js';
import type { ValidationProblems } from './validation-problems.js';

const FIELD = 'spec.source.verify';
const SSH_LINE = /^(ssh-ed25519|ecdsa-sha2-nistp256|ecdsa-sha2-nistp384|ecdsa-sha2-nistp521|ssh-rsa) [A-Za-z0-9+/]+={0,2}( .*)?$/;
const GPG_BLOCK = /-----BEGIN PGP PUBLIC KEY BLOCK-----[\s\S]+-----END PGP PUBLIC KEY BLOCK-----/;

/**
 * Validates `spec.source.verify: {mode: HEAD | Tag | TagAndHEAD, keys: {gpg, ssh, gpgFiles, sshFiles, secretRef}}`.
 * At least one key (or a key file, or a Secret) is required: verification without keys would refuse everything.
 */
export function resolveVerify(value: unknown, problems: ValidationProblems): VerifySpec | undefined {
  if (value === undefined || value === null) return undefined;
  const verify = checkMapping(value, FIELD, ['mode', 'keys'], problems);
  if (!verify) return undefined;
  const mode = checkString(verify, 'mode', FIELD, problems) ?? 'HEAD';
  if (!VERIFY_MODES.includes(mode as VerifyMode))
    problems.add(`${FIELD}.mode`, `must be one of ${VERIFY_MODES.join(', ')} (got ${JSON.stringify(mode)})`);
  const before = problems.errors.length;
  const keysField = `${FIELD}.keys`;
  if (verify.keys === undefined || verify.keys === null) {
    problems.add(keysField, 'is required (gpg, ssh, gpgFiles, sshFiles or secretRef)');
    return undefined;
  }
  const raw = checkMapping(verify.keys, keysField, ['gpg', 'ssh', 'gpgFiles', 'sshFiles', 'secretRef'], problems);
  if (!raw) return undefined;
  const keys: VerifyKeys = {
    gpg: stringList(raw, 'gpg', keysField, problems, (k) => (GPG_BLOCK.test(k) ? undefined : 'is not an armored OpenPGP public key block')),
    ssh: stringList(raw, 'ssh', keysField, problems, (k) =>
      SSH_LINE.test(k.trim())
        ? undefined
        : 'is not an SSH public key line (ssh-ed25519, ecdsa-sha2-nistp256/384/521 or ssh-rsa, then base64)',
    ),
    gpgFiles: stringList(raw, 'gpgFiles', keysField, problems),
    sshFiles: stringList(raw, 'sshFiles', keysField, problems),
  };
  if (raw.secretRef !== undefined && raw.secretRef !== null) {
    const ref = checkMapping(raw.secretRef, `${keysField}.secretRef`, ['name'], problems);
    const name = ref && checkString(ref, 'name', `${keysField}.secretRef`, problems, true);
    if (name) keys.secretRef = { name };
  }
  const given = ['gpg', 'ssh', 'gpgFiles', 'sshFiles'].some((k) => Array.isArray(raw[k]) && (raw[k] as unknown[]).length > 0);
  if (!given && !keys.secretRef && problems.errors.length === before)
    problems.add(keysField, 'names no key (give gpg, ssh, gpgFiles, sshFiles or secretRef)');
  if (problems.errors.length > before || !VERIFY_MODES.includes(mode as VerifyMode)) return undefined;
  return { mode: mode as VerifyMode, keys };
}

function stringList(
  map: Mapping,
  key: string,
  parent: string,
  problems: ValidationProblems,
  check?: (item: string) => string | undefined,
): string[] {
  const value = map[key];
  const field = `${parent}.${key}`;
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.add(field, `must be a list (got ${describeType(value)})`);
    return [];
  }
  const out: string[] = [];
  value.forEach((item, i) => {
    if (typeof item !== 'string' || item.trim() === '')
      problems.add(`${field}[${i}]`, `must be a non-empty string (got ${describeType(item)})`);
    else {
      const problem = check?.(item);
      if (problem) problems.add(`${field}[${i}]`, problem);
      else out.push(item);
    }
  });
  return out;
}
