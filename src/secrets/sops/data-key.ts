import type { Decrypter } from 'age-encryption';
import type { SopsKeys } from './key-source.js';
import type { KeyGroup, SopsMetadata } from './metadata.js';
import { combineShares } from './shamir.js';
import { importModule } from '../../fs/import-module.js';

/** Why no data key could be had: a message naming the recipients tried and the keys offered (public parts only). */
export class DataKeyError extends Error {}

/**
 * The file's 32-byte data key: from any one recipient of its key group (age, then OpenPGP), or with
 * several key groups, Shamir's shares of `shamir_threshold` groups combined (getsops/sops
 * `GetDataKeyWithKeyServices`).
 */
export async function decryptDataKey(metadata: SopsMetadata, keys: SopsKeys): Promise<Uint8Array> {
  const ageDecrypter = await ageDecrypterFor(keys.age);
  const pgpKeys = keys.pgp.length ? await readPgpKeys(keys.pgp) : [];
  const parts: Uint8Array[] = [];
  for (const group of metadata.keyGroups) {
    const part = await decryptGroup(group, ageDecrypter, pgpKeys);
    if (part) parts.push(part);
    if (metadata.keyGroups.length > 1 && parts.length >= metadata.shamirThreshold) break;
  }
  const needed = metadata.keyGroups.length > 1 ? metadata.shamirThreshold : 1;
  if (parts.length < needed) throw new DataKeyError(await describeFailure(metadata, keys, parts.length, needed));
  const key = metadata.keyGroups.length > 1 ? combineShares(parts) : parts[0];
  if (key.length !== 32) throw new DataKeyError(`the data key is ${key.length} bytes long, not 32`);
  return key;
}

async function decryptGroup(group: KeyGroup, age: Decrypter | undefined, pgpKeys: unknown[]): Promise<Uint8Array | undefined> {
  if (age) {
    for (const stanza of group.age) {
      try {
        const { armor } = await importModule('age-encryption', () => import('age-encryption'));
        return await age.decrypt(armor.decode(stanza.enc.trim()));
      } catch {
        // not one of our identities, or a damaged stanza: try the next recipient
      }
    }
  }
  if (pgpKeys.length) {
    const openpgp = await importModule('openpgp', () => import('openpgp'));
    for (const stanza of group.pgp) {
      try {
        const message = await openpgp.readMessage({ armoredMessage: stanza.enc });
        const { data } = await openpgp.decrypt({
          message,
          decryptionKeys: pgpKeys as Awaited<ReturnType<typeof openpgp.readPrivateKeys>>,
          format: 'binary',
        });
        return data as Uint8Array;
      } catch {
        // not encrypted to one of our keys: try the next recipient
      }
    }
  }
  return undefined;
}

async function ageDecrypterFor(identities: string[]): Promise<Decrypter | undefined> {
  if (!identities.length) return undefined;
  // Loaded on first use: a render without SOPS files never pays for it.
  const { Decrypter } = await importModule('age-encryption', () => import('age-encryption'));
  const decrypter = new Decrypter();
  for (const [i, identity] of identities.entries()) {
    try {
      decrypter.addIdentity(identity);
    } catch {
      throw new DataKeyError(`age identity #${i + 1} is not a valid age secret key (expected AGE-SECRET-KEY-1...)`);
    }
  }
  return decrypter;
}

async function readPgpKeys(armored: string[]): Promise<unknown[]> {
  const openpgp = await importModule('openpgp', () => import('openpgp'));
  const out: unknown[] = [];
  for (const [i, text] of armored.entries()) {
    let keys: Awaited<ReturnType<typeof openpgp.readPrivateKeys>>;
    try {
      keys = await openpgp.readPrivateKeys({ armoredKeys: text });
    } catch {
      throw new DataKeyError(`OpenPGP key #${i + 1} is not an armored private key`);
    }
    for (const key of keys) {
      if (!key.isDecrypted())
        throw new DataKeyError(`OpenPGP key ${key.getFingerprint().toUpperCase()} is protected by a passphrase (not supported)`);
      out.push(key);
    }
  }
  return out;
}

async function describeFailure(metadata: SopsMetadata, keys: SopsKeys, got: number, needed: number): Promise<string> {
  const recipients = metadata.keyGroups.flatMap((g) => [
    ...g.age.map((a) => `age ${a.recipient}`),
    ...g.pgp.map((p) => `pgp ${p.fp}`),
    ...g.other,
  ]);
  const offered: string[] = [];
  const { identityToRecipient } = await importModule('age-encryption', () => import('age-encryption'));
  for (const identity of keys.age) {
    try {
      offered.push(`age ${await identityToRecipient(identity)}`);
    } catch {
      offered.push('age (unreadable identity)');
    }
  }
  if (keys.pgp.length) {
    const openpgp = await importModule('openpgp', () => import('openpgp'));
    for (const text of keys.pgp) {
      for (const key of await openpgp.readPrivateKeys({ armoredKeys: text }).catch(() => []))
        offered.push(`pgp ${key.getFingerprint().toUpperCase()}`);
    }
  }
  const groups = needed > 1 ? ` (${got} of the ${needed} key groups needed)` : '';
  return (
    `no key can decrypt the data key${groups}: the file's recipients are ${recipients.join(', ') || 'none'}; ` +
    `the keys given are ${offered.length ? offered.join(', ') : 'none'}${keys.origins.length ? ` (from ${keys.origins.join(', ')})` : ''}`
  );
}
