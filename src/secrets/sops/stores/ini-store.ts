import { unflattenMetadata } from '../metadata.js';
import { branch, comment, isBranch, isComment, isList, type TreeBranch } from '../tree.js';
import { scalarText } from './dotenv-store.js';
import { flattenMetadata } from './flatten.js';
import type { LoadedFile, SopsStore } from './store.js';

const DEFAULT = 'DEFAULT';

/**
 * The INI store (getsops/sops `stores/ini/store.go`, reading as go-ini does): sections become mappings
 * of string values, keys before the first section go to `DEFAULT`; a comment above a section or a key
 * belongs to it (`;` or `#`, also after a value); the metadata is the `[sops]` section, flattened,
 * with `\n` for newlines.
 */
export const iniStore: SopsStore = {
  load(text: string): LoadedFile {
    const sections: Array<{ name: string; body: TreeBranch }> = [{ name: DEFAULT, body: branch() }];
    let current = sections[0];
    let pending: string[] = [];
    for (const [i, raw] of text.split(/\r?\n/).entries()) {
      const line = raw.trim();
      if (line === '') continue;
      if (line.startsWith(';') || line.startsWith('#')) {
        pending.push(line);
        continue;
      }
      if (line.startsWith('[')) {
        const end = line.indexOf(']');
        if (end === -1) throw new Error(`line ${i + 1}: unclosed section header`);
        const name = line.slice(1, end).trim();
        current = { name, body: branch() };
        if (pending.length) current.body.items.push(comment(stripCommentChar(pending.join('\n'))));
        pending = [];
        sections.push(current);
        continue;
      }
      const delimiter = line.search(/[=:]/);
      if (delimiter === -1) throw new Error(`line ${i + 1}: not a key = value line`);
      const key = line.slice(0, delimiter).trim();
      const { value, inlineComment } = readValue(line.slice(delimiter + 1).trim());
      if (inlineComment) pending.push(inlineComment);
      const existing = current.body.items.findIndex((item) => !isComment(item) && item.key === key);
      if (existing !== -1) current.body.items[existing] = { key, value };
      else current.body.items.push({ key, value });
      if (pending.length) current.body.items.push(comment(stripCommentChar(pending.join('\n'))));
      pending = [];
    }
    const tree = branch();
    let metadata: Record<string, unknown> | undefined;
    for (const section of sections) {
      if (section.name === 'sops' && metadata === undefined) metadata = unflattenMetadata(section.body, true);
      else if (section.name !== DEFAULT || section.body.items.length > 0) tree.items.push({ key: section.name, value: section.body });
    }
    return { documents: [tree], metadata };
  },

  emit(documents: TreeBranch[]): Uint8Array {
    return Buffer.from(sectionsText(documents[0] ?? branch()), 'utf8');
  },

  emitEncrypted(documents: TreeBranch[], metadata: Record<string, unknown>): Uint8Array {
    const sops = branch(flattenMetadata(metadata, true).map(([key, value]) => ({ key, value })));
    const doc = documents[0] ?? branch();
    return Buffer.from(sectionsText(branch([...doc.items, { key: 'sops', value: sops }])), 'utf8');
  },
};

/** go-ini's value reading: quoted values kept whole, else `;` or `#` starts an inline comment. */
function readValue(text: string): { value: string; inlineComment?: string } {
  const quote = text[0];
  if ((quote === '"' || quote === "'" || quote === '`') && text.length > 1) {
    const close = text.indexOf(quote, 1);
    if (close !== -1) return { value: text.slice(1, close) };
  }
  const at = text.search(/[;#]/);
  if (at === -1) return { value: text };
  return { value: text.slice(0, at).trim(), inlineComment: text.slice(at) };
}

/** getsops/sops `stripCommentChar`: the leading `;` or `#` and the spaces after it removed. */
function stripCommentChar(text: string): string {
  if (text.startsWith(';')) return text.replace(/^[; ]+/, '');
  if (text.startsWith('#')) return text.replace(/^[# ]+/, '');
  return text;
}

function sectionsText(tree: TreeBranch): string {
  const out: string[] = [];
  for (const item of tree.items) {
    if (isComment(item)) continue;
    if (!isBranch(item.value)) throw new Error(`INI section ${item.key} must be a mapping`);
    const body = item.value;
    if (item.key === DEFAULT && body.items.length === 0) continue;
    const header: string[] = [];
    const entries: string[] = [];
    for (const [i, entry] of body.items.entries()) {
      if (isComment(entry)) (i === 0 ? header : entries).push(...entry.text.split('\n').map((l) => `; ${l}`));
      else {
        if (isBranch(entry.value) || isList(entry.value)) throw new Error(`cannot use a nested value in an INI file (key ${entry.key})`);
        entries.push(`${entry.key} = ${quoteValue(scalarText(entry.value))}`);
      }
    }
    out.push(`${header.map((h) => `${h}\n`).join('')}[${item.key}]\n${entries.map((e) => `${e}\n`).join('')}\n`);
  }
  return out.join('');
}

function quoteValue(value: string): string {
  if (value.includes('\n')) return `"""${value}"""`;
  if (/[;#]/.test(value) || value !== value.trim()) return value.includes('"') ? `\`${value}\`` : `"${value}"`;
  return value;
}
