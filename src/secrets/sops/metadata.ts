import { isComment, type TreeBranch } from './tree.js';

export interface AgeStanza {
  recipient: string;
  enc: string;
}

export interface PgpStanza {
  fp: string;
  enc: string;
  createdAt?: string;
}

/** One group of master keys: any one of them gives the group's share (the data key when there is one group). */
export interface KeyGroup {
  age: AgeStanza[];
  pgp: PgpStanza[];
  /** Recipients of kinds Tideway cannot use (kms, gcp_kms, azure_kv, hc_vault, hckms), for messages. */
  other: string[];
}

/** Which leaves are encrypted: at most one rule, as sops allows. */
export type EncryptionRule =
  | { kind: 'unencrypted_suffix' | 'encrypted_suffix'; value: string }
  | { kind: 'unencrypted_regex' | 'encrypted_regex' | 'unencrypted_comment_regex' | 'encrypted_comment_regex'; value: string };

/** The `sops` metadata of a file (getsops/sops `stores/stores.go`, struct `metadata`). */
export interface SopsMetadata {
  keyGroups: KeyGroup[];
  shamirThreshold: number;
  lastModified: string;
  mac: string;
  rule: EncryptionRule;
  macOnlyEncrypted: boolean;
  version?: string;
}

const RULES = [
  'unencrypted_suffix',
  'encrypted_suffix',
  'unencrypted_regex',
  'encrypted_regex',
  'unencrypted_comment_regex',
  'encrypted_comment_regex',
] as const;

const OTHER_KINDS: Record<string, string> = {
  kms: 'arn',
  gcp_kms: 'resource_id',
  azure_kv: 'vault_url',
  hc_vault: 'vault_address',
  hckms: 'key_id',
};

/** Reads the metadata; a problem is returned as a message (naming the field), never thrown. */
export function readMetadata(value: unknown): SopsMetadata | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'the sops metadata is not a mapping';
  const raw = value as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined);
  const lastModified = str(raw.lastmodified);
  const mac = str(raw.mac);
  if (!lastModified) return 'sops.lastmodified is missing';
  if (!mac) return 'sops.mac is missing';
  const rules = RULES.filter((r) => raw[r] !== undefined && raw[r] !== null && raw[r] !== '');
  if (rules.length > 1) return `sops: only one of ${rules.join(', ')} may be set`;
  let rule: EncryptionRule = { kind: 'unencrypted_suffix', value: '_unencrypted' };
  if (rules.length === 1) {
    const value = str(raw[rules[0]]);
    if (value === undefined) return `sops.${rules[0]} must be a string`;
    rule = { kind: rules[0], value };
  }
  const groups: KeyGroup[] = [];
  if (Array.isArray(raw.key_groups) && raw.key_groups.length > 0) {
    for (const [i, g] of raw.key_groups.entries()) {
      const group = readGroup(g, `sops.key_groups[${i}]`);
      if (typeof group === 'string') return group;
      groups.push(group);
    }
  } else {
    const group = readGroup(raw, 'sops');
    if (typeof group === 'string') return group;
    groups.push(group);
  }
  const threshold = raw.shamir_threshold === undefined || raw.shamir_threshold === null ? 0 : Number(raw.shamir_threshold);
  if (!Number.isInteger(threshold) || threshold < 0) return 'sops.shamir_threshold must be a whole number';
  const macOnly = raw.mac_only_encrypted;
  return {
    keyGroups: groups,
    shamirThreshold: threshold || groups.length,
    lastModified,
    mac,
    rule,
    macOnlyEncrypted: macOnly === true || macOnly === 'true',
    version: str(raw.version),
  };
}

function readGroup(raw: unknown, field: string): KeyGroup | string {
  if (typeof raw !== 'object' || raw === null) return `${field} must be a mapping`;
  const g = raw as Record<string, unknown>;
  const entries = (name: string): Record<string, unknown>[] | string => {
    const v = g[name];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) return `${field}.${name} must be a list`;
    if (!v.every((e) => typeof e === 'object' && e !== null)) return `${field}.${name} must be a list of mappings`;
    return v as Record<string, unknown>[];
  };
  const age = entries('age');
  if (typeof age === 'string') return age;
  const pgp = entries('pgp');
  if (typeof pgp === 'string') return pgp;
  const group: KeyGroup = { age: [], pgp: [], other: [] };
  for (const [i, e] of age.entries()) {
    if (typeof e.recipient !== 'string' || typeof e.enc !== 'string') return `${field}.age[${i}] needs recipient and enc`;
    group.age.push({ recipient: e.recipient, enc: e.enc });
  }
  for (const [i, e] of pgp.entries()) {
    if (typeof e.fp !== 'string' || typeof e.enc !== 'string') return `${field}.pgp[${i}] needs fp and enc`;
    group.pgp.push({ fp: e.fp, enc: e.enc, createdAt: typeof e.created_at === 'string' ? e.created_at : undefined });
  }
  for (const [kind, idField] of Object.entries(OTHER_KINDS)) {
    const list = entries(kind);
    if (typeof list === 'string') return list;
    for (const e of list) group.other.push(`${kind} ${typeof e[idField] === 'string' ? e[idField] : '(unnamed)'}`);
  }
  return group;
}

const MAP = '__map_';
const LIST = '__list_';

/**
 * Rebuilds nested metadata from the flat keys of the dotenv and INI stores (`age__list_0__map_enc`),
 * as getsops/sops `stores/flatten.go` writes them; `escapedNewlines` turns a literal `\n` into a newline.
 */
export function unflattenMetadata(flat: TreeBranch, escapedNewlines: boolean): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const item of flat.items) {
    if (isComment(item)) continue;
    let value: unknown = item.value;
    if (escapedNewlines && typeof value === 'string') value = value.replaceAll('\\n', '\n');
    const tokens = tokenize(item.key);
    let at: Record<string, unknown> | unknown[] = root;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i];
      const last = i === tokens.length - 1;
      const next = tokens[i + 1];
      const slot = Array.isArray(at) ? (at as unknown[])[token as number] : (at as Record<string, unknown>)[token as string];
      const child = last ? value : (slot ?? (typeof next === 'number' ? [] : {}));
      if (Array.isArray(at)) (at as unknown[])[token as number] = child;
      else (at as Record<string, unknown>)[token as string] = child;
      if (!last) at = child as Record<string, unknown> | unknown[];
    }
  }
  return root;
}

function tokenize(key: string): Array<string | number> {
  const tokens: Array<string | number> = [];
  let rest = key;
  let kind: 'key' | 'map' | 'list' = 'key';
  for (;;) {
    const m = rest.indexOf(MAP);
    const l = rest.indexOf(LIST);
    const next = [m, l].filter((x) => x >= 0).sort((a, b) => a - b)[0];
    const part = next === undefined ? rest : rest.slice(0, next);
    tokens.push(kind === 'list' ? Number.parseInt(part, 10) || 0 : part);
    if (next === undefined) return tokens;
    kind = next === l ? 'list' : 'map';
    rest = rest.slice(next + (kind === 'list' ? LIST.length : MAP.length));
  }
}
