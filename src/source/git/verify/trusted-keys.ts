import { readFile } from 'node:fs/promises';
import type { Key } from 'openpgp';
import type { VerifyKeys } from '../../../core/verification/verify-spec.js';
import { parseSshPublicKeyLine, type SshPublicKey } from './ssh-key.js';
import { importModule } from '../../../fs/import-module.js';

/** The keys a revision's signatures may come from, parsed. */
export interface TrustedKeys {
  gpg: Key[];
  ssh: SshPublicKey[];
}

const MAX_KEY_FILE_BYTES = 1024 * 1024;

/** A key that cannot be read: names where it came from (the field or the file), never its content. */
export class TrustedKeyError extends Error {}

/**
 * Reads and parses the app's verification keys: inline ones and the files named (read at each call,
 * so rotated files are picked up). The in-cluster Secret (`secretRef`) is read by the controller;
 * without one, a `secretRef` fails here so that verification fails closed.
 */
export async function loadTrustedKeys(
  keys: VerifyKeys,
  fromSecret?: (name: string) => Promise<{ gpg: string[]; ssh: string[] }>,
): Promise<TrustedKeys> {
  const gpgTexts = keys.gpg.map((text, i) => ({ text, where: `spec.source.verify.keys.gpg[${i}]` }));
  const sshLines = keys.ssh.map((line, i) => ({ line, where: `spec.source.verify.keys.ssh[${i}]` }));
  for (const file of keys.gpgFiles) gpgTexts.push({ text: await readKeyFile(file), where: file });
  for (const file of keys.sshFiles) {
    (await readKeyFile(file)).split(/\r?\n/).forEach((line, i) => {
      if (line.trim() && !line.trim().startsWith('#')) sshLines.push({ line, where: `${file}:${i + 1}` });
    });
  }
  if (keys.secretRef) {
    if (!fromSecret) throw new TrustedKeyError(`keys from Secret ${keys.secretRef.name} can only be read in-cluster`);
    const secret = await fromSecret(keys.secretRef.name);
    secret.gpg.forEach((text, i) => gpgTexts.push({ text, where: `Secret ${keys.secretRef!.name} (OpenPGP key ${i + 1})` }));
    secret.ssh.forEach((line, i) => sshLines.push({ line, where: `Secret ${keys.secretRef!.name} (SSH key ${i + 1})` }));
  }
  const out: TrustedKeys = { gpg: [], ssh: [] };
  if (gpgTexts.length) {
    const openpgp = await importModule('openpgp', () => import('openpgp'));
    for (const { text, where } of gpgTexts) {
      try {
        out.gpg.push(...(await openpgp.readKeys({ armoredKeys: text })));
      } catch {
        throw new TrustedKeyError(`${where}: not an armored OpenPGP public key`);
      }
    }
  }
  for (const { line, where } of sshLines) {
    try {
      out.ssh.push(parseSshPublicKeyLine(line));
    } catch (error) {
      throw new TrustedKeyError(`${where}: not a usable SSH public key (${(error as Error).message})`);
    }
  }
  return out;
}

async function readKeyFile(file: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new TrustedKeyError(`cannot read the key file ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  if (bytes.length > MAX_KEY_FILE_BYTES) throw new TrustedKeyError(`the key file ${file} is over ${MAX_KEY_FILE_BYTES} bytes`);
  return bytes.toString('utf8');
}
