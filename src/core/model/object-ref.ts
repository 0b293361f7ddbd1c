import { splitApiVersion, type Manifest } from './manifest.js';

/** Identifies an object independently of its version: group, kind, namespace, name. */
export interface ObjectRef {
  group: string;
  kind: string;
  namespace?: string;
  name: string;
  /** The API version last used for this object; needed to address it, not part of its identity. */
  version?: string;
}

export function refOf(object: Manifest): ObjectRef {
  const { group, version } = splitApiVersion(object.apiVersion);
  const ref: ObjectRef = { group, kind: object.kind, name: object.metadata.name, version };
  if (object.metadata.namespace) ref.namespace = object.metadata.namespace;
  return ref;
}

/** A stable string key: `group/kind/namespace/name` (empty parts kept). */
export function refKey(ref: ObjectRef): string {
  return `${ref.group}/${ref.kind}/${ref.namespace ?? ''}/${ref.name}`;
}

/** Human form used in messages and CLI output: `Deployment/guestbook/web`, `apps/Deployment/...` is not used. */
export function refString(ref: ObjectRef): string {
  return ref.namespace ? `${ref.kind}/${ref.namespace}/${ref.name}` : `${ref.kind}/${ref.name}`;
}

export function apiVersionOf(ref: ObjectRef): string {
  const version = ref.version ?? 'v1';
  return ref.group ? `${ref.group}/${version}` : version;
}
