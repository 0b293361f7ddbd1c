import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { TidewayError } from '../../core/errors.js';
import { createEnvKeySource } from '../../secrets/sops/env-key-source.js';
import { decryptSopsFile, MAX_SOPS_FILE_BYTES } from '../../secrets/sops/decrypt-file.js';
import { formatOfFileName, SOPS_FORMATS, type SopsFormat } from '../../secrets/sops/stores/index.js';
import { parseFlags } from '../parse-flags.js';

const HELP = `usage: tideway sops decrypt [--format yaml|json|dotenv|ini|binary] [--age-key-file FILE]... [--pgp-key-file FILE]... PATH

Decrypts a SOPS-encrypted file and prints the plaintext in its own format (binary: the raw bytes).
The format defaults to the one sops picks from the file name (.yaml/.yml, .json, .env, .ini, else binary).
Keys: the files given, plus SOPS_AGE_KEY, SOPS_AGE_KEY_FILE and TIDEWAY_SOPS_PGP_KEY_FILE from the
environment. The file is refused (exit 1) when no key fits, a value does not authenticate or the
MAC does not match.`;

/** `tideway sops decrypt ...`: the corpus runner's entry point, and a way to check a file by hand. */
export async function sops(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
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
