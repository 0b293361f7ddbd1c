import { createHash, createPublicKey, type KeyObject } from 'node:crypto';

/** The SSH public key types whose signatures Tideway checks with node:crypto. */
export const SSH_KEY_TYPES = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'ssh-rsa'] as const;
export type SshKeyType = (typeof SSH_KEY_TYPES)[number];

/** An SSH public key: its wire-format blob (compared byte for byte), type, fingerprint and a node:crypto key. */
export interface SshPublicKey {
  type: SshKeyType;
  blob: Buffer;
  /** `SHA256:...` as ssh-keygen -l prints it. */
  fingerprint: string;
  key: KeyObject;
}

/** Reads SSH wire-format strings (uint32 length, then bytes). */
export class SshReader {
  private at = 0;
  constructor(private readonly buf: Buffer) {}
  bytes(n: number): Buffer {
    if (this.at + n > this.buf.length) throw new Error('truncated');
    const out = this.buf.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }
  uint32(): number {
    return this.bytes(4).readUInt32BE(0);
  }
  string(): Buffer {
    return this.bytes(this.uint32());
  }
  get done(): boolean {
    return this.at === this.buf.length;
  }
}

export function sshFingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

const CURVES: Record<string, { crv: string; size: number }> = {
  nistp256: { crv: 'P-256', size: 32 },
  nistp384: { crv: 'P-384', size: 48 },
  nistp521: { crv: 'P-521', size: 66 },
};

const b64url = (b: Buffer) => b.toString('base64url');
const unsigned = (b: Buffer) => (b.length > 1 && b[0] === 0 ? b.subarray(1) : b);

/** Parses a key blob (wire format); throws with a short reason for an unsupported or malformed key. */
export function parseSshKeyBlob(blob: Buffer): SshPublicKey {
  const r = new SshReader(blob);
  const type = r.string().toString('latin1');
  let key: KeyObject;
  if (type === 'ssh-ed25519') {
    const pk = r.string();
    if (pk.length !== 32) throw new Error('bad ed25519 key length');
    key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: b64url(pk) }, format: 'jwk' });
  } else if (type.startsWith('ecdsa-sha2-')) {
    const curve = CURVES[r.string().toString('latin1')];
    if (!curve || `ecdsa-sha2-${Object.keys(CURVES).find((k) => CURVES[k] === curve)}` !== type) throw new Error('unknown ECDSA curve');
    const q = r.string();
    if (q.length !== 1 + 2 * curve.size || q[0] !== 4) throw new Error('bad ECDSA point');
    key = createPublicKey({
      key: { kty: 'EC', crv: curve.crv, x: b64url(q.subarray(1, 1 + curve.size)), y: b64url(q.subarray(1 + curve.size)) },
      format: 'jwk',
    });
  } else if (type === 'ssh-rsa') {
    const e = unsigned(r.string());
    const n = unsigned(r.string());
    key = createPublicKey({ key: { kty: 'RSA', n: b64url(n), e: b64url(e) }, format: 'jwk' });
  } else {
    throw new Error(`key type ${type} is not supported`);
  }
  if (!r.done) throw new Error('trailing bytes after the key');
  return { type: type as SshKeyType, blob, fingerprint: sshFingerprint(blob), key };
}

/** Parses an `authorized_keys`-style line: `TYPE BASE64 [comment]`. */
export function parseSshPublicKeyLine(line: string): SshPublicKey {
  const [type, data] = line.trim().split(/\s+/);
  if (!type || !data) throw new Error('expected "TYPE BASE64 [comment]"');
  const blob = Buffer.from(data, 'base64');
  const parsed = parseSshKeyBlob(blob);
  if (parsed.type !== type) throw new Error(`the key says ${parsed.type}, the line says ${type}`);
  return parsed;
}
