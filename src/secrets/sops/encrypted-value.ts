import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { formatGoFloat, parseGoBool, parseGoFloat, parseGoInt } from './go-scalars.js';

/** The types SOPS records in `ENC[...,type:T]`. */
export type ValueType = 'str' | 'int' | 'float' | 'bool' | 'bytes' | 'time' | 'comment';

const ENC = /^ENC\[AES256_GCM,data:(.+),iv:(.+),tag:(.+),type:(.+)\]/;

export interface EncryptedValue {
  data: Buffer;
  iv: Buffer;
  tag: Buffer;
  type: string;
}

/** True when `text` has the shape of a SOPS encrypted value. */
export function isEncryptedValue(text: unknown): text is string {
  return typeof text === 'string' && ENC.test(text);
}

export function parseEncryptedValue(text: string): EncryptedValue | undefined {
  const m = ENC.exec(text);
  if (!m) return undefined;
  const b64 = /^[A-Za-z0-9+/]*={0,2}$/;
  if (![m[1], m[2], m[3]].every((part) => b64.test(part))) return undefined;
  return { data: Buffer.from(m[1], 'base64'), iv: Buffer.from(m[2], 'base64'), tag: Buffer.from(m[3], 'base64'), type: m[4] };
}

/** A decrypted leaf: its typed value and the bytes the MAC hashes for it. */
export interface DecryptedValue {
  value: string | number | bigint | boolean | Uint8Array;
  type: ValueType;
  /** The bytes as decrypted (the MAC hashes Go's text of the typed value: see goBytesOf). */
  kind?: 'int' | 'float';
}

export type DecryptFailure = 'format' | 'authentication' | 'type';

/**
 * Decrypts one `ENC[AES256_GCM,...]` value with the data key, `aad` being the value's path (`a:b:`).
 * Returns the failure kind instead of throwing, so the caller can name the file and the path.
 */
export function decryptValue(text: string, key: Uint8Array, aad: string): DecryptedValue | { failure: DecryptFailure } {
  const parsed = parseEncryptedValue(text);
  if (!parsed || parsed.iv.length === 0 || parsed.tag.length !== 16) return { failure: 'format' };
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, parsed.iv, { authTagLength: 16 });
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(parsed.tag);
    plain = Buffer.concat([decipher.update(parsed.data), decipher.final()]);
  } catch {
    return { failure: 'authentication' };
  }
  const textValue = plain.toString('utf8');
  switch (parsed.type) {
    case 'str':
    case 'time':
    case 'comment':
      return { value: textValue, type: parsed.type };
    case 'bytes':
      return { value: new Uint8Array(plain), type: 'bytes' };
    case 'int': {
      const value = parseGoInt(textValue);
      return value === undefined ? { failure: 'type' } : { value, type: 'int', kind: 'int' };
    }
    case 'float': {
      const value = parseGoFloat(textValue);
      return value === undefined ? { failure: 'type' } : { value, type: 'float', kind: 'float' };
    }
    case 'bool': {
      const value = parseGoBool(textValue);
      return value === undefined ? { failure: 'type' } : { value, type: 'bool' };
    }
    default:
      return { failure: 'type' };
  }
}

/** Encrypts one value as SOPS does (32-byte random nonce); used by the SOPS writer of the tests. */
export function encryptValue(
  value: string | number | bigint | boolean | Uint8Array,
  key: Uint8Array,
  aad: string,
  type?: ValueType,
): string {
  let t: ValueType;
  let plain: Buffer;
  if (value instanceof Uint8Array) [t, plain] = ['bytes', Buffer.from(value)];
  else if (typeof value === 'boolean') [t, plain] = ['bool', Buffer.from(value ? 'True' : 'False')];
  else if (typeof value === 'bigint') [t, plain] = ['int', Buffer.from(value.toString())];
  else if (typeof value === 'number')
    [t, plain] =
      Number.isSafeInteger(value) && type !== 'float' ? ['int', Buffer.from(String(value))] : ['float', Buffer.from(formatGoFloat(value))];
  else [t, plain] = [type ?? 'str', Buffer.from(value, 'utf8')];
  const iv = randomBytes(32);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const data = Buffer.concat([cipher.update(plain), cipher.final()]);
  return `ENC[AES256_GCM,data:${data.toString('base64')},iv:${iv.toString('base64')},tag:${cipher.getAuthTag().toString('base64')},type:${t}]`;
}
