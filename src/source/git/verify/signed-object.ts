/**
 * A git commit or tag object split into the signed payload and its signature, as git itself splits
 * them (`parse_signed_commit`, `parse_signature`): a commit carries its signature in a `gpgsig` (or
 * `gpgsig-sha256`) header whose continuation lines start with a space, and the payload is the object
 * without that header; a tag carries it after the message, from the first line that opens an
 * armored signature. Bytes are kept exact: signatures are over bytes.
 */
export interface SignedObject {
  payload: Buffer;
  /** The armored signature, or undefined when the object is not signed. */
  signature?: string;
  kind?: 'gpg' | 'ssh' | 'x509';
}

const BEGIN_MARKERS: Array<[string, SignedObject['kind']]> = [
  ['-----BEGIN PGP SIGNATURE-----', 'gpg'],
  ['-----BEGIN PGP MESSAGE-----', 'gpg'],
  ['-----BEGIN SSH SIGNATURE-----', 'ssh'],
  ['-----BEGIN SIGNED MESSAGE-----', 'x509'],
];

function kindOf(signature: string): SignedObject['kind'] {
  return BEGIN_MARKERS.find(([marker]) => signature.startsWith(marker))?.[1];
}

export function splitSignedCommit(raw: Buffer): SignedObject {
  const text = raw.toString('latin1'); // one char per byte: offsets are byte offsets
  const headerEnd = text.indexOf('\n\n');
  const headers = headerEnd === -1 ? text : text.slice(0, headerEnd + 1);
  const lines = headers.split(/(?<=\n)/);
  const kept: string[] = [];
  const signature: string[] = [];
  let inSignature = false;
  for (const line of lines) {
    if (inSignature && line.startsWith(' ')) {
      signature.push(line.slice(1));
      continue;
    }
    inSignature = false;
    if (signature.length === 0 && (line.startsWith('gpgsig ') || line.startsWith('gpgsig-sha256 '))) {
      inSignature = true;
      signature.push(line.slice(line.indexOf(' ') + 1));
      continue;
    }
    kept.push(line);
  }
  const payload = Buffer.from(kept.join('') + (headerEnd === -1 ? '' : text.slice(headerEnd + 1)), 'latin1');
  if (!signature.length) return { payload };
  const armored = Buffer.from(signature.join(''), 'latin1').toString('utf8');
  return { payload, signature: armored, kind: kindOf(armored) };
}

export function splitSignedTag(raw: Buffer): SignedObject {
  const text = raw.toString('latin1');
  let at = -1;
  for (const [marker] of BEGIN_MARKERS) {
    const found = text.startsWith(marker) ? 0 : text.indexOf(`\n${marker}`);
    const start = found <= 0 ? found : found + 1;
    if (start !== -1 && (at === -1 || start < at)) at = start;
  }
  const headerEnd = text.indexOf('\n\n');
  if (at === -1 || headerEnd === -1 || at < headerEnd) return { payload: raw };
  const armored = Buffer.from(text.slice(at), 'latin1').toString('utf8');
  return { payload: Buffer.from(text.slice(0, at), 'latin1'), signature: armored, kind: kindOf(armored) };
}

/** The `object` and `type` headers of a tag object, and its `tag` name. */
export function tagTarget(raw: Buffer): { object?: string; type?: string; tag?: string } {
  const headers = raw.toString('latin1').split('\n\n', 1)[0].split('\n');
  const get = (name: string) => headers.find((h) => h.startsWith(`${name} `))?.slice(name.length + 1);
  return { object: get('object'), type: get('type'), tag: get('tag') };
}
