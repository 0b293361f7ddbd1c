import type { ChangeSetEntry } from '../core/sync/change-set.js';
import type { ObjectRef } from '../core/model/object-ref.js';
import { redactText } from '../core/redact/redact.js';

/**
 * What the store keeps of a change-set entry: the ref, the action, the reason, the message and health.
 * Anything else a caller attached (live objects, diffs) is dropped so no secret data reaches disk;
 * messages are redacted (`redactText`).
 */
export function storedEntry(entry: ChangeSetEntry): ChangeSetEntry {
  const ref: ObjectRef = { group: entry.ref.group, kind: entry.ref.kind, name: entry.ref.name };
  if (entry.ref.namespace) ref.namespace = entry.ref.namespace;
  if (entry.ref.version) ref.version = entry.ref.version;
  const out: ChangeSetEntry = { ref, action: entry.action };
  if (entry.message !== undefined) out.message = redactText(entry.message);
  if (entry.reason !== undefined) out.reason = entry.reason;
  if (entry.hook !== undefined) out.hook = entry.hook;
  if (entry.health) {
    out.health = { status: entry.health.status };
    if (entry.health.message !== undefined) out.health.message = redactText(entry.health.message);
  }
  return out;
}

const secretKey = /secret|token|password|passwd|signature|credential|authorization|private.?key|api.?key/i;

/** A JSON copy of audit details with the values of secret-looking keys replaced, and every string redacted, at any depth. */
export function redactDetail(detail: Record<string, unknown> | undefined): Record<string, unknown> {
  const plain: unknown = JSON.parse(JSON.stringify(detail ?? {}));
  return redact(plain, 0) as Record<string, unknown>;
}

function redact(value: unknown, depth: number): unknown {
  if (depth > 20) return '[too deep]';
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    out[key] = secretKey.test(key) ? '[redacted]' : redact(v, depth + 1);
  }
  return out;
}
