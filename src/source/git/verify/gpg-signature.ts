import type { Key } from 'openpgp';
import type { SignatureCheck } from '../../../core/verification/signature-check.js';
import { importModule } from '../../../fs/import-module.js';

type Result = Pick<SignatureCheck, 'status' | 'signer' | 'reason'>;

/**
 * Checks an armored OpenPGP detached signature over `payload` (what `git commit -S` and `git tag -s`
 * make) with openpgp.js. The signer is named by the key id (and the key's fingerprint when the key is
 * known); a signature by a key that is not in `allowed` is `untrusted`, one that fails to verify `bad`.
 */
export async function verifyGpgSignature(armored: string, payload: Buffer, allowed: readonly Key[]): Promise<Result> {
  const openpgp = await importModule('openpgp', () => import('openpgp'));
  let signature: Awaited<ReturnType<typeof openpgp.readSignature>>;
  try {
    signature = await openpgp.readSignature({ armoredSignature: armored });
  } catch {
    return { status: 'bad', reason: 'the OpenPGP signature cannot be read' };
  }
  const keyIds = signature.getSigningKeyIDs().map((id) => id.toHex().toUpperCase());
  const packet = signature.packets[0] as { issuerFingerprint?: Uint8Array; signatureType?: number } | undefined;
  const issuer = packet?.issuerFingerprint ? Buffer.from(packet.issuerFingerprint).toString('hex').toUpperCase() : undefined;
  const named = issuer ?? (keyIds.length ? `key id ${keyIds.join(', ')}` : undefined);
  const candidates = allowed.filter((key) => signature.getSigningKeyIDs().some((id) => key.getKeys(id).length > 0));
  if (!candidates.length) return { status: 'untrusted', signer: named };
  const signer = candidates[0].getFingerprint().toUpperCase();
  try {
    // git signs the raw bytes (a binary signature); a text-mode signature is checked over the text.
    const message =
      packet?.signatureType === openpgp.enums.signature.text
        ? await openpgp.createMessage({ text: payload.toString('utf8') })
        : await openpgp.createMessage({ binary: new Uint8Array(payload) });
    const result = await openpgp.verify({ message, signature, verificationKeys: candidates as Key[], expectSigned: true });
    await result.signatures[0].verified;
    return { status: 'valid', signer };
  } catch (error) {
    return { status: 'bad', signer, reason: shortReason(error) };
  }
}

function shortReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0].slice(0, 200);
}
