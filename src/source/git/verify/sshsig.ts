import { createHash, verify } from 'node:crypto';
import type { SignatureCheck } from '../../../core/verification/signature-check.js';
import { parseSshKeyBlob, type SshPublicKey, SshReader, sshFingerprint } from './ssh-key.js';

type Result = Pick<SignatureCheck, 'status' | 'signer' | 'reason'>;

const MAGIC = Buffer.from('SSHSIG');
const NAMESPACE = 'git';

/**
 * Checks an SSH signature in git's `sshsig` armored format (OpenSSH PROTOCOL.sshsig) over `payload`,
 * with node:crypto: namespace `git`, Ed25519, ECDSA P-256/384/521 and RSA (rsa-sha2-256/512) keys.
 * A signature that verifies with its embedded key is `valid` only when that key is one of `allowed`.
 */
export function verifySshSignature(armored: string, payload: Buffer, allowed: readonly SshPublicKey[]): Result {
  let blob: Buffer;
  try {
    const body = armored.replace('-----BEGIN SSH SIGNATURE-----', '').replace(/-----END SSH SIGNATURE-----[\s\S]*$/, '');
    blob = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  } catch {
    return { status: 'bad', reason: 'the SSH signature is not valid base64' };
  }
  let publicKey: Buffer;
  let namespace: string;
  let reserved: Buffer;
  let hashAlgorithm: string;
  let signature: Buffer;
  try {
    const r = new SshReader(blob);
    if (!r.bytes(6).equals(MAGIC)) return { status: 'bad', reason: 'not an SSHSIG signature' };
    if (r.uint32() !== 1) return { status: 'unsupported', reason: 'SSHSIG version is not 1' };
    publicKey = r.string();
    namespace = r.string().toString('utf8');
    reserved = r.string();
    hashAlgorithm = r.string().toString('latin1');
    signature = r.string();
  } catch {
    return { status: 'bad', reason: 'the SSH signature is truncated' };
  }
  const signer = sshFingerprint(publicKey);
  if (namespace !== NAMESPACE) return { status: 'bad', signer, reason: `signature namespace is ${JSON.stringify(namespace)}, not "git"` };
  if (hashAlgorithm !== 'sha256' && hashAlgorithm !== 'sha512') return { status: 'unsupported', signer, reason: `hash ${hashAlgorithm}` };
  let key: SshPublicKey;
  try {
    key = parseSshKeyBlob(publicKey);
  } catch (error) {
    return { status: 'unsupported', signer, reason: (error as Error).message };
  }
  const string = (b: Buffer) => Buffer.concat([u32(b.length), b]);
  const signed = Buffer.concat([
    MAGIC,
    string(Buffer.from(namespace)),
    string(reserved),
    string(Buffer.from(hashAlgorithm)),
    string(createHash(hashAlgorithm).update(payload).digest()),
  ]);
  let ok: boolean;
  try {
    ok = checkSignature(key, signature, signed);
  } catch (error) {
    return { status: 'bad', signer, reason: (error as Error).message };
  }
  if (!ok) return { status: 'bad', signer, reason: 'the signature does not match the signed content' };
  if (!allowed.some((k) => k.blob.equals(key.blob))) return { status: 'untrusted', signer };
  return { status: 'valid', signer };
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n, 0);
  return b;
}

const ECDSA_HASH: Record<string, { hash: string; size: number }> = {
  'ecdsa-sha2-nistp256': { hash: 'sha256', size: 32 },
  'ecdsa-sha2-nistp384': { hash: 'sha384', size: 48 },
  'ecdsa-sha2-nistp521': { hash: 'sha512', size: 66 },
};

function checkSignature(key: SshPublicKey, signatureBlob: Buffer, data: Buffer): boolean {
  const r = new SshReader(signatureBlob);
  const algorithm = r.string().toString('latin1');
  const sig = r.string();
  if (key.type === 'ssh-ed25519') {
    if (algorithm !== 'ssh-ed25519') throw new Error(`signature algorithm ${algorithm} does not match the ed25519 key`);
    return verify(null, data, key.key, sig);
  }
  if (key.type === 'ssh-rsa') {
    const hash = algorithm === 'rsa-sha2-256' ? 'sha256' : algorithm === 'rsa-sha2-512' ? 'sha512' : undefined;
    if (!hash) throw new Error(`RSA signature algorithm ${algorithm} is not accepted (rsa-sha2-256 or rsa-sha2-512)`);
    return verify(hash, data, key.key, sig);
  }
  const ecdsa = ECDSA_HASH[key.type];
  if (algorithm !== key.type) throw new Error(`signature algorithm ${algorithm} does not match the ${key.type} key`);
  const parts = new SshReader(sig);
  const fixed = (mpint: Buffer) => {
    const v = mpint.length > ecdsa.size && mpint[0] === 0 ? mpint.subarray(mpint.length - ecdsa.size) : mpint;
    if (v.length > ecdsa.size) throw new Error('ECDSA signature value too long');
    return Buffer.concat([Buffer.alloc(ecdsa.size - v.length), v]);
  };
  const rs = Buffer.concat([fixed(parts.string()), fixed(parts.string())]);
  return verify(ecdsa.hash, data, { key: key.key, dsaEncoding: 'ieee-p1363' }, rs);
}
