/**
 * What encoding/json does to values decoded into a Go type and encoded again, for the conformance
 * harness's emulation of the redpanda harnesses' round trip (go-round-trip.ts). Used where a chart
 * ships no values.schema.json (connectors): the Go types of the fields that hold Kubernetes types,
 * written from the chart's `values_partial.gen.go` (redpanda-operator@0ab8019) and k8s.io/api's json
 * tags. Only what the round trip changes is described: struct fields with their `omitempty` and
 * pointer-ness; an `open` struct is one only partly described here (its other keys are kept as given).
 */
export type GoType =
  | { kind: 'struct'; fields: Record<string, GoField>; open?: boolean }
  | { kind: 'slice'; of: GoType }
  | { kind: 'map'; of: GoType }
  | { kind: 'string' | 'int' | 'bool' | 'any' };

/** A struct field: `pointer` for `*T`; `omitempty` from its json tag. */
export interface GoField {
  type: GoType;
  pointer?: boolean;
  omitempty?: boolean;
}

const str: GoType = { kind: 'string' };
const int: GoType = { kind: 'int' };
const strings: GoType = { kind: 'slice', of: str };
const opt = (type: GoType): GoField => ({ type, omitempty: true });
const ptr = (type: GoType): GoField => ({ type, omitempty: true, pointer: true });
const req = (type: GoType): GoField => ({ type });
const struct = (fields: Record<string, GoField>, open = false): GoType => ({ kind: 'struct', fields, open });
const slice = (of: GoType): GoType => ({ kind: 'slice', of });

// k8s.io/api core/v1, apps/v1 and apimachinery meta/v1 (json tags as in k8s.io/api v0.3x).
const requirement = struct({ key: req(str), operator: req(str), values: opt(strings) });
const labelSelector = struct({ matchLabels: opt({ kind: 'map', of: str }), matchExpressions: opt(slice(requirement)) });
const podAffinityTerm = struct({
  labelSelector: ptr(labelSelector),
  namespaces: opt(strings),
  topologyKey: req(str),
  namespaceSelector: ptr(labelSelector),
  matchLabelKeys: opt(strings),
  mismatchLabelKeys: opt(strings),
});
const weightedPodAffinityTerm = struct({ weight: req(int), podAffinityTerm: req(podAffinityTerm) });
const podAffinity = struct({
  requiredDuringSchedulingIgnoredDuringExecution: opt(slice(podAffinityTerm)),
  preferredDuringSchedulingIgnoredDuringExecution: opt(slice(weightedPodAffinityTerm)),
});
const rollingUpdate = struct({ maxUnavailable: ptr({ kind: 'any' }), maxSurge: ptr({ kind: 'any' }) });
const deploymentStrategy = struct({ type: opt(str), rollingUpdate: ptr(rollingUpdate) });

/** connectors' PartialValues, the parts holding the Kubernetes types above. */
export const CONNECTORS_PARTIAL_VALUES: GoType = struct(
  {
    deployment: ptr(
      struct(
        {
          strategy: ptr(deploymentStrategy),
          podAffinity: ptr(podAffinity),
          podAntiAffinity: ptr(struct({ custom: ptr(podAffinity) }, true)),
        },
        true,
      ),
    ),
  },
  true,
);

function zeroOf(t: GoType): unknown {
  if (t.kind === 'string') return '';
  if (t.kind === 'int') return 0;
  if (t.kind === 'bool') return false;
  if (t.kind === 'struct') return encodeGo({}, t);
  return null;
}

function isEmpty(v: unknown, t: GoType): boolean {
  if (t.kind === 'struct') return false; // encoding/json never omits a struct value
  if (v === null || v === '' || v === 0 || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === 'object' && Object.keys(v as object).length === 0 && t.kind === 'map';
}

/** `value` decoded into `type` and encoded again by encoding/json. */
export function encodeGo(value: unknown, type: GoType): unknown {
  if (value === null || value === undefined) return type.kind === 'struct' ? null : value;
  if (type.kind === 'slice') return Array.isArray(value) ? value.map((v) => encodeGo(v, type.of)) : value;
  if (type.kind === 'map') {
    if (typeof value !== 'object' || Array.isArray(value)) return value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encodeGo(v, type.of)]));
  }
  if (type.kind !== 'struct') return value;
  if (typeof value !== 'object' || Array.isArray(value)) return value;
  const input = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) if (type.open && !(k in type.fields)) out[k] = v;
  for (const [k, f] of Object.entries(type.fields)) {
    const given = input[k];
    // A value absent or null leaves the field at its zero value (a nil pointer, slice or map).
    let v: unknown = given === undefined || given === null ? (f.pointer ? null : zeroOf(f.type)) : encodeGo(given, f.type);
    if (v === null && f.type.kind === 'struct' && !f.pointer) v = zeroOf(f.type);
    if (f.omitempty && (f.pointer ? v === null : isEmpty(v, f.type))) continue;
    if (type.open && given === undefined && f.pointer) continue;
    out[k] = v;
  }
  return out;
}
