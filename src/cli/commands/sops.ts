import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { TidewayError } from '../../core/errors.js';
import { createEnvKeySource } from '../../secrets/sops/env-key-source.js';
import { decryptSopsFile, MAX_SOPS_FILE_BYTES } from '../../secrets/sops/decrypt-file.js';
import { ageRecipient } from '../../secrets/sops/age-recipient.js';
import { encryptSopsFile } from '../../secrets/sops/encrypt-file.js';
import type { EncryptionRule } from '../../secrets/sops/metadata.js';
import { formatOfFileName, SOPS_FORMATS, STORES, type SopsFormat } from '../../secrets/sops/stores/index.js';
import { branch, type TreeBranch } from '../../secrets/sops/tree.js';
import { parseFlags } from '../parse-flags.js';

const HELP = `usage: tideway sops decrypt [--format yaml|json|dotenv|ini|binary] [--age-key-file FILE]... [--pgp-key-file FILE]... PATH
       tideway sops encrypt [--format F] --age RECIPIENT[,RECIPIENT...]... [--encrypted-regex RE | --unencrypted-regex RE |
                            --encrypted-suffix S | --unencrypted-suffix S | --encrypted-comment-regex RE |
                            --unencrypted-comment-regex RE] [--mac-only-encrypted] [--in-place] PATH

decrypt: prints the plaintext of a SOPS-encrypted file in its own format (binary: the raw bytes).
  Keys: the files given, plus SOPS_AGE_KEY, SOPS_AGE_KEY_FILE and TIDEWAY_SOPS_PGP_KEY_FILE from the
  environment. The file is refused (exit 1) when no key fits, a value does not authenticate or the
  MAC does not match.
encrypt: encrypts a plaintext file as sops does, for age recipients (age-keygen prints them), and
  prints it (or rewrites PATH with --in-place). By default every value is encrypted except keys
  ending in _unencrypted; for a Kubernetes Secret use --encrypted-regex '^(data|stringData)$'.
The format defaults to the one sops picks from the file name (.yaml/.yml, .json, .env, .ini, else binary).`;

const RULE_FLAGS = [
  'encrypted-regex',
  'unencrypted-regex',
  'encrypted-suffix',
  'unencrypted-suffix',
  'encrypted-comment-regex',
  'unencrypted-comment-regex',
] as const;

/** `tideway sops decrypt ...`: the corpus runner's entry point, and a way to check a file by hand. */
export async function sops(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'encrypt') return encrypt(rest);
  if (sub !== 'decrypt') {
    process.stdout.write(`${HELP}\n`);
    return sub === '--help' || sub === '-h' ? 0 : 2;
  }
  const { values, positionals } = parseFlags(rest, {
    format: { type: 'string' },
    'age-key-file': { type: 'string', multiple: true },
    'pgp-key-file': { type: 'string', multiple: true },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help || positionals.length !== 1) {
    process.stdout.write(`${HELP}\n`);
    return values.help ? 0 : 2;
  }
  const file = positionals[0];
  const format = (values.format ?? formatOfFileName(file)) as SopsFormat;
  if (!SOPS_FORMATS.includes(format)) throw new TidewayError('InvalidApplication', `--format: expected one of ${SOPS_FORMATS.join(', ')}`);
  const keys = await createEnvKeySource({ ageKeyFiles: values['age-key-file'], pgpKeyFiles: values['pgp-key-file'] }).load();
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) throw new TidewayError('InvalidApplication', `${file}: no such file`);
  if (info.size > MAX_SOPS_FILE_BYTES) throw new TidewayError('InputTooLarge', `${file}: is over ${MAX_SOPS_FILE_BYTES} bytes`);
  try {
    const decrypted = await decryptSopsFile({ file: path.normalize(file), content: await readFile(file), format, keys });
    process.stdout.write(decrypted.output());
    return 0;
  } catch (error) {
    if (error instanceof TidewayError && error.code === 'DecryptionFailed') {
      process.stderr.write(`tideway sops: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

async function encrypt(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, {
    format: { type: 'string' },
    age: { type: 'string', multiple: true },
    'mac-only-encrypted': { type: 'boolean' },
    'in-place': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
    ...Object.fromEntries(RULE_FLAGS.map((f) => [f, { type: 'string' as const }])),
  });
  if (values.help || positionals.length !== 1) {
    process.stdout.write(`${HELP}\n`);
    return values.help ? 0 : 2;
  }
  const file = positionals[0];
  const format = (values.format ?? formatOfFileName(file)) as SopsFormat;
  if (!SOPS_FORMATS.includes(format)) throw new TidewayError('InvalidApplication', `--format: expected one of ${SOPS_FORMATS.join(', ')}`);
  const recipients = (values.age ?? [])
    .flatMap((a) => String(a).split(','))
    .map((r) => r.trim())
    .filter(Boolean);
  if (!recipients.length) throw new TidewayError('InvalidApplication', '--age: at least one age recipient (age1...) is required');
  const rules = RULE_FLAGS.filter((f) => (values as Record<string, unknown>)[f] !== undefined);
  if (rules.length > 1) throw new TidewayError('InvalidApplication', `only one of --${rules.join(', --')} may be given`);
  const rule = rules.length
    ? ({ kind: rules[0].replaceAll('-', '_'), value: String((values as Record<string, unknown>)[rules[0]]) } as EncryptionRule)
    : undefined;
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) throw new TidewayError('InvalidApplication', `${file}: no such file`);
  if (info.size > MAX_SOPS_FILE_BYTES) throw new TidewayError('InputTooLarge', `${file}: is over ${MAX_SOPS_FILE_BYTES} bytes`);
  const text = await readFile(file, 'utf8');
  let documents: TreeBranch[];
  if (format === 'binary') documents = [branch([{ key: 'data', value: text }])];
  else {
    let loaded: ReturnType<(typeof STORES)[SopsFormat]['load']>;
    try {
      loaded = STORES[format].load(text);
    } catch (error) {
      throw new TidewayError('InvalidApplication', `${file}: cannot be read as ${format}: ${(error as Error).message}`);
    }
    if (loaded.metadata) throw new TidewayError('InvalidApplication', `${file}: is already SOPS-encrypted`);
    documents = loaded.documents;
  }
  let out: Uint8Array;
  try {
    out = await encryptSopsFile({
      format,
      documents,
      groups: [recipients.map(ageRecipient)],
      rule,
      macOnlyEncrypted: !!values['mac-only-encrypted'],
    });
  } catch (error) {
    throw new TidewayError('InvalidApplication', `${file}: ${(error as Error).message}`);
  }
  if (values['in-place']) await writeFile(file, out);
  else process.stdout.write(out);
  return 0;
}
