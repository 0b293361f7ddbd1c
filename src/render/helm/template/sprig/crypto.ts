/** sprig's crypto.go: hashes, bcrypt/htpasswd (bcryptjs), derivePassword (Master Password
 * algorithm: scrypt + HMAC-SHA256), private keys, AES-CBC, random bytes and uuidv4 (certificates:
 * certs.ts). */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  generateKeyPairSync,
  randomBytes,
  randomUUID,
  scryptSync,
} from 'node:crypto';
import bcrypt from 'bcryptjs';
import { FuncError } from '../builtins.js';
import type { GoFunc } from '../value.js';
import { fn } from './define.js';

const TEMPLATES: Record<string, string[]> = {
  maximum: ['anoxxxxxxxxxxxxxxxxx', 'axxxxxxxxxxxxxxxxxno'],
  long: [
    'CvcvnoCvcvCvcv',
    'CvcvCvcvnoCvcv',
    'CvcvCvcvCvcvno',
    'CvccnoCvcvCvcv',
    'CvccCvcvnoCvcv',
    'CvccCvcvCvcvno',
    'CvcvnoCvccCvcv',
    'CvcvCvccnoCvcv',
    'CvcvCvccCvcvno',
    'CvcvnoCvcvCvcc',
    'CvcvCvcvnoCvcc',
    'CvcvCvcvCvccno',
    'CvccnoCvccCvcv',
    'CvccCvccnoCvcv',
    'CvccCvccCvcvno',
    'CvcvnoCvccCvcc',
    'CvcvCvccnoCvcc',
    'CvcvCvccCvccno',
    'CvccnoCvcvCvcc',
    'CvccCvcvnoCvcc',
    'CvccCvcvCvccno',
  ],
  medium: ['CvcnoCvc', 'CvcCvcno'],
  short: ['Cvcn'],
  basic: ['aaanaaan', 'aannaaan', 'aaannaaa'],
  pin: ['nnnn'],
};

const CHARS: Record<string, string> = {
  V: 'AEIOU',
  C: 'BCDFGHJKLMNPQRSTVWXYZ',
  v: 'aeiou',
  c: 'bcdfghjklmnpqrstvwxyz',
  A: 'AEIOUBCDFGHJKLMNPQRSTVWXYZ',
  a: 'AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz',
  n: '0123456789',
  o: "@&%?,=[]_:-+*$#!'^~;()/.",
  x: 'AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()',
};

const SEED = 'com.lyndir.masterpassword';

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

function derivePassword(counter: bigint, type: string, password: string, user: string, site: string): string {
  const templates = TEMPLATES[type];
  if (!templates) return `cannot find password template ${type}`;
  const userB = Buffer.from(user, 'utf8');
  const salt = Buffer.concat([Buffer.from(SEED), u32(userB.length), userB]);
  const key = scryptSync(Buffer.from(password, 'utf8'), salt, 64, { N: 32768, r: 8, p: 2, maxmem: 128 * 1024 * 1024 });
  const siteB = Buffer.from(site, 'utf8');
  const seed = createHmac('sha256', key)
    .update(Buffer.concat([Buffer.from(SEED), u32(siteB.length), siteB, u32(Number(counter))]))
    .digest();
  const temp = templates[seed[0] % templates.length];
  let out = '';
  for (let i = 0; i < temp.length; i++) {
    const chars = CHARS[temp[i]];
    out += chars[seed[i + 1] % chars.length];
  }
  return out;
}

function adler32(s: string): string {
  let a = 1;
  let b = 0;
  for (const byte of Buffer.from(s, 'utf8')) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return String(((b << 16) | a) >>> 0);
}

function aesKey(password: string): Buffer {
  const key = Buffer.alloc(32);
  Buffer.from(password, 'utf8').copy(key, 0, 0, 32);
  return key;
}

function encryptAES(password: string, plaintext: string): string {
  const content = Buffer.from(plaintext, 'utf8');
  const padding = 16 - (content.length % 16);
  const padded = Buffer.concat([content, Buffer.alloc(padding, padding)]);
  const iv = randomBytes(16);
  const c = createCipheriv('aes-256-cbc', aesKey(password), iv);
  c.setAutoPadding(false);
  return Buffer.concat([iv, c.update(padded), c.final()]).toString('base64');
}

function decryptAES(password: string, crypt64: string): string {
  const data = Buffer.from(crypt64, 'base64');
  if (data.length < 16 || data.length % 16 !== 0) throw new FuncError('blocksize must be multiple of decoded message length');
  const d = createDecipheriv('aes-256-cbc', aesKey(password), data.subarray(0, 16));
  d.setAutoPadding(false);
  const plain = Buffer.concat([d.update(data.subarray(16)), d.final()]);
  const pad = plain[plain.length - 1];
  return plain.subarray(0, plain.length - (pad <= 16 ? pad : 0)).toString('utf8');
}

function genPrivateKey(typ: string): string {
  const pem = (k: { privateKey: string }) => k.privateKey;
  switch (typ) {
    case '':
    case 'rsa':
      return pem(
        generateKeyPairSync('rsa', {
          modulusLength: 4096,
          privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
          publicKeyEncoding: { type: 'spki', format: 'pem' },
        }),
      );
    case 'dsa':
      return pem(
        generateKeyPairSync('dsa', {
          modulusLength: 2048,
          divisorLength: 256,
          privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
          publicKeyEncoding: { type: 'spki', format: 'pem' },
        }),
      );
    case 'ecdsa':
      return pem(
        generateKeyPairSync('ec', {
          namedCurve: 'P-256',
          privateKeyEncoding: { type: 'sec1', format: 'pem' },
          publicKeyEncoding: { type: 'spki', format: 'pem' },
        }),
      );
    case 'ed25519':
      return pem(
        generateKeyPairSync('ed25519', {
          privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
          publicKeyEncoding: { type: 'spki', format: 'pem' },
        }),
      );
    default:
      return 'Unknown type ' + typ;
  }
}

function randomString(count: bigint, alphabet: string): string {
  if (count < 0n) throw new FuncError('randomness: count must be non-negative');
  if (count > 1_000_000n) throw new FuncError('randomness: count too large');
  const bytes = randomBytes(Number(count) * 2);
  let out = '';
  for (let i = 0; i < Number(count); i++) out += alphabet[bytes.readUInt16BE(i * 2) % alphabet.length];
  return out;
}

const ALPHA = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const NUM = '0123456789';
const ASCII = Array.from({ length: 94 }, (_, i) => String.fromCharCode(33 + i)).join('');

export function cryptoFuncs(): Record<string, GoFunc> {
  const hash = (alg: string) => fn(['string'], (s: string) => createHash(alg).update(s, 'utf8').digest('hex'));
  return {
    sha1sum: hash('sha1'),
    sha256sum: hash('sha256'),
    sha512sum: hash('sha512'),
    adler32sum: fn(['string'], adler32),
    bcrypt: fn(['string'], (s: string) => bcrypt.hashSync(s, 10)),
    htpasswd: fn(['string', 'string'], (u: string, p: string) =>
      u.includes(':') ? `invalid username: ${u}` : `${u}:${bcrypt.hashSync(p, 10)}`,
    ),
    derivePassword: fn(
      ['uint32', 'string', 'string', 'string', 'string'],
      (c: { value: bigint }, t: string, p: string, u: string, s: string) => derivePassword(c.value, t, p, u, s),
    ),
    genPrivateKey: fn(['string'], genPrivateKey),
    encryptAES: fn(['string', 'string'], encryptAES),
    decryptAES: fn(['string', 'string'], decryptAES),
    randBytes: fn(['int'], (n: bigint) => {
      if (n < 0n || n > 1_000_000n) throw new FuncError('randBytes: count out of range');
      return randomBytes(Number(n)).toString('base64');
    }),
    uuidv4: fn([], () => randomUUID()),
    randAlphaNum: fn(['int'], (n: bigint) => randomString(n, ALPHA + NUM)),
    randAlpha: fn(['int'], (n: bigint) => randomString(n, ALPHA)),
    randAscii: fn(['int'], (n: bigint) => randomString(n, ASCII)),
    randNumeric: fn(['int'], (n: bigint) => randomString(n, NUM)),
    shuffle: fn(['string'], (s: string) => {
      const a = Array.from(s);
      for (let i = a.length - 1; i > 0; i--) {
        const j = randomBytes(4).readUInt32BE() % (i + 1);
        [a[i], a[j]] = [a[j], a[i]];
      }
      return a.join('');
    }),
  };
}
