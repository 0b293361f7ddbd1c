/**
 * Diff text for host objects: unified YAML diffs of what is live and what would be applied, with values
 * that may be secret masked. Pure apart from the diff and yaml libraries.
 */

/** File content is shown only for world-readable files; other content is masked (size and a changed mark). */
export function showsContent(mode: number): boolean {
  return (mode & 0o004) !== 0;
}

export interface FileView {
  path: string;
  mode: string;
  content: string;
}

/** The two views of a file with content masked unless both modes are world-readable. */
export function maskFileViews(
  live: FileView | undefined,
  desired: FileView,
  liveMode: number | undefined,
  desiredMode: number,
): [FileView | undefined, FileView] {
  if (showsContent(desiredMode) && (liveMode === undefined || showsContent(liveMode))) return [live, desired];
  const same = live !== undefined && live.content === desired.content;
  const mask = (v: FileView, changed: boolean) => ({
    ...v,
    content: `*** (${new TextEncoder().encode(v.content).length} bytes${changed ? ', changed' : ''}) ***`,
  });
  return [live && mask(live, false), mask(desired, !same)];
}

/** Env values are never shown: each is `***`, marked where it differs from the live value. */
export function maskEnv(
  live: Record<string, string> | undefined,
  desired: Record<string, string>,
): [Record<string, string> | undefined, Record<string, string>] {
  const maskedDesired: Record<string, string> = {};
  for (const [k, v] of Object.entries(desired)) maskedDesired[k] = live && live[k] !== undefined && live[k] !== v ? '*** (changed)' : '***';
  const maskedLive = live && Object.fromEntries(Object.keys(live).map((k) => [k, '***']));
  return [maskedLive, maskedDesired];
}
