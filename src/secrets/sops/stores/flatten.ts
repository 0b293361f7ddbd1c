/**
 * Flat metadata keys of the dotenv and INI stores (getsops/sops `stores/flatten.go`): nested mappings
 * and lists become `a__map_b`, `a__list_0`. Only the SOPS writer of the tests needs this direction.
 */
export function flattenMetadata(value: Record<string, unknown>, escapeNewlines: boolean): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const visit = (v: unknown, key: string) => {
    if (v === null || v === undefined) return;
    if (Array.isArray(v)) v.forEach((item, i) => visit(item, `${key}__list_${i}`));
    else if (typeof v === 'object') for (const [k, inner] of Object.entries(v)) visit(inner, key ? `${key}__map_${k}` : k);
    else {
      const text = String(v);
      out.push([key, escapeNewlines ? text.replaceAll('\n', '\\n') : text]);
    }
  };
  for (const [k, v] of Object.entries(value)) visit(v, k);
  return out;
}
