import type { EncryptionRule } from './metadata.js';

/**
 * Whether a leaf at `path` is encrypted, by the file's rule (getsops/sops `sops.go`
 * `Tree.shouldBeEncrypted`): suffix and regex rules look at every key of the path. The comment rules
 * depend on the comments above a value, which each YAML library places a little differently, so
 * for them the value's own shape decides (`by-shape`), and the MAC still covers every leaf.
 */
export type LeafEncryption = 'encrypted' | 'plain' | 'by-shape';

export type RuleCheck = (path: readonly string[]) => LeafEncryption;

/** Compiles the rule; a regex Go accepts but JavaScript cannot read is reported as a message. */
export function compileRule(rule: EncryptionRule): RuleCheck | string {
  switch (rule.kind) {
    case 'unencrypted_suffix':
      return (path) => (path.some((k) => k.endsWith(rule.value)) ? 'plain' : 'encrypted');
    case 'encrypted_suffix':
      return (path) => (path.some((k) => k.endsWith(rule.value)) ? 'encrypted' : 'plain');
    case 'unencrypted_regex':
    case 'encrypted_regex': {
      const re = goRegExp(rule.value);
      if (typeof re === 'string') return `sops.${rule.kind}: ${re}`;
      const hit = rule.kind === 'encrypted_regex' ? 'encrypted' : 'plain';
      const miss = rule.kind === 'encrypted_regex' ? 'plain' : 'encrypted';
      return (path) => (path.some((k) => re.test(k)) ? hit : miss);
    }
    default: {
      const re = goRegExp(rule.value);
      if (typeof re === 'string') return `sops.${rule.kind}: ${re}`;
      return () => 'by-shape';
    }
  }
}

/** A Go (RE2) regular expression as a JavaScript RegExp: leading inline flags `(?i)`, `(?s)`, `(?m)` become flags. */
export function goRegExp(source: string): RegExp | string {
  let flags = '';
  let body = source;
  const inline = /^\(\?([ims]+)\)/.exec(body);
  if (inline) {
    flags = [...new Set(inline[1])].join('');
    body = body.slice(inline[0].length);
  }
  try {
    return new RegExp(body, flags);
  } catch (error) {
    return `invalid regular expression ${JSON.stringify(source)} (${(error as Error).message})`;
  }
}
