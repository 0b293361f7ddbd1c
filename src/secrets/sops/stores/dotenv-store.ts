import { unflattenMetadata } from '../metadata.js';
import { branch, comment, isBranch, isComment, isList, type TreeBranch, type TreeScalar } from '../tree.js';
import { flattenMetadata } from './flatten.js';
import type { LoadedFile, SopsStore } from './store.js';

const PREFIX = 'sops_';

/**
 * The dotenv store (getsops/sops `stores/dotenv/store.go`): `KEY=VALUE` lines, `#` comments, values
 * strings with `\n` for a newline; the metadata is flattened into `sops_`-prefixed keys.
 */
export const dotenvStore: SopsStore = {
  load(text: string): LoadedFile {
    const tree = branch();
    const meta = branch();
    const lines = text.split('\n');
    for (const [i, line] of lines.entries()) {
      if (line.length === 0) continue;
      if (line.startsWith('#')) {
        tree.items.push(comment(line.slice(1)));
        continue;
      }
      const eq = line.indexOf('=');
      if (eq === -1) throw new Error(`line ${i + 1}: not a KEY=VALUE line`);
      const key = line.slice(0, eq);
      const value = line.slice(eq + 1).replaceAll('\\n', '\n');
      if (key.startsWith(PREFIX)) meta.items.push({ key: key.slice(PREFIX.length), value });
      else tree.items.push({ key, value });
    }
    return { documents: [tree], metadata: meta.items.length ? unflattenMetadata(meta, false) : undefined };
  },

  emit(documents: TreeBranch[]): Uint8Array {
    return Buffer.from(lines(documents[0] ?? branch()).join(''), 'utf8');
  },

  emitEncrypted(documents: TreeBranch[], metadata: Record<string, unknown>): Uint8Array {
    const out = lines(documents[0] ?? branch());
    for (const [key, value] of flattenMetadata(metadata, false)) out.push(`${PREFIX}${key}=${value.replaceAll('\n', '\\n')}\n`);
    return Buffer.from(out.join(''), 'utf8');
  },
};

function lines(tree: TreeBranch): string[] {
  return tree.items.map((item) => {
    if (isComment(item)) return `#${item.text}\n`;
    const value = item.value;
    if (isBranch(value) || isList(value)) throw new Error(`cannot use a nested value in a dotenv file (key ${item.key})`);
    return `${item.key}=${scalarText(value).replaceAll('\n', '\\n')}\n`;
  });
}

export function scalarText(value: TreeScalar): string {
  if (value === null) return '';
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return String(value);
}
