/**
 * Replica templates: `{{replica}}` is the replica index (0, 1, ...), `{{replica + N}}` that index plus N.
 * They may appear in a Service's `args`, `env` values and readiness probe ports, so that replica 1 of
 * `PORT: "{{replica + 8080}}"` listens on 8081. Nothing else is templated. Pure.
 */
const TEMPLATE = /\{\{([^}]*)\}\}/g;
const EXPRESSION = /^\s*replica\s*(?:\+\s*(\d{1,6})\s*)?$/;

/** The first template that is not `{{replica}}` or `{{replica + N}}`, if any. */
export function findInvalidTemplate(text: string): string | undefined {
  for (const match of text.matchAll(TEMPLATE)) {
    if (!EXPRESSION.test(match[1])) return match[0];
  }
  return undefined;
}

/** Replaces every replica template in `text` with its value for replica `index`. */
export function expandReplicaTemplate(text: string, index: number): string {
  return text.replace(TEMPLATE, (whole, expression: string) => {
    const m = EXPRESSION.exec(expression);
    if (!m) return whole;
    return String(index + (m[1] ? Number(m[1]) : 0));
  });
}

/** A probe port for replica `index`: the number itself, or the template evaluated; NaN when not an integer. */
export function resolvePort(port: number | string, index: number): number {
  if (typeof port === 'number') return port;
  const text = expandReplicaTemplate(port, index).trim();
  return /^\d+$/.test(text) ? Number(text) : NaN;
}
