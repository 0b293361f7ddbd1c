/** Short display forms shared by the views. */
export const shortSha = (sha: string | undefined) => (sha ? sha.slice(0, 7) : '');
export const firstLine = (text: string | undefined) => (text ?? '').split('\n')[0];

export function ago(iso: string | undefined, now = Date.now()): string {
  if (!iso) return '';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86400)}d ago`;
}

export const refText = (r: { kind: string; namespace?: string; name: string }) =>
  r.namespace ? `${r.kind}/${r.namespace}/${r.name}` : `${r.kind}/${r.name}`;
