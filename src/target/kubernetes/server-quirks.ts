/**
 * Answers of older API servers that need a change in the manifest, turned into what to do. Each is
 * matched on the server's own message; the hint names the server's version (read from /version
 * only when a quirk is hit).
 */
interface Quirk {
  match: RegExp;
  hint(version: string, match: RegExpExecArray): string;
}

const QUIRKS: Quirk[] = [
  {
    // kube-apiserver before server-side apply defaulted list keys (1.20): HTTP 500 for a Service
    // port or container port without `protocol`. Current servers default it to TCP.
    match: /(\.[^\s:]*ports): element \d+: associative list with keys has an element that omits key field "protocol"/,
    hint: (version, m) => `this server (${version}) requires ${m[1].slice(1)}[].protocol; add protocol: TCP (newer servers default it)`,
  },
];

/** The hint for a server's error message, or undefined when it is not a known quirk. */
export function quirkHint(message: string, version: string): string | undefined {
  for (const quirk of QUIRKS) {
    const m = quirk.match.exec(message);
    if (m) return quirk.hint(version, m);
  }
  return undefined;
}

/** True when a message may be a known quirk (cheap: no version needed yet). */
export function mayBeQuirk(message: string): boolean {
  return QUIRKS.some((q) => q.match.test(message));
}

/** `1.20` from a /version answer (`{ major: "1", minor: "20" }` or `gitVersion: v1.20.2`). */
export function versionName(body: unknown): string {
  const v = (body ?? {}) as { major?: string; minor?: string; gitVersion?: string };
  if (v.major && v.minor) return `${v.major}.${v.minor.replace(/\D+$/, '')}`;
  return v.gitVersion?.replace(/^v/, '') ?? 'unknown version';
}
