import { makeFieldSpec } from './field-spec.js';
import { emptyConfig, mergeConfig, mergeOne, type TransformerConfig } from './transformer-config.js';

type Defs = Record<string, { Schema?: { properties?: Record<string, Record<string, unknown>> } }>;

function looksLikeK8sType(props: Record<string, unknown> | undefined): boolean {
  return !!props && 'kind' in props && 'apiVersion' in props && 'metadata' in props;
}

/**
 * `crds:` files hold OpenAPI definitions (name -> {Schema}) whose properties carry kustomize
 * extensions: x-kubernetes-annotation, x-kubernetes-label-selector, x-kubernetes-identity and
 * x-kubernetes-object-ref-{api-version,kind,name-key}. They add field specs to the configuration.
 */
export function configFromCrdDefinitions(doc: unknown): TransformerConfig {
  let result = emptyConfig();
  if (!doc || typeof doc !== 'object') return result;
  const defs = doc as Defs;
  for (const [name, api] of Object.entries(defs)) {
    if (!looksLikeK8sType(api?.Schema?.properties)) continue;
    const kind = name.split('.').pop() ?? name;
    const tc = emptyConfig();
    load(tc, kind, defs, name, [], new Set());
    result = mergeConfig(result, tc);
  }
  return result;
}

function ext(p: Record<string, unknown>, key: string): string | undefined {
  const v = p[key];
  return typeof v === 'string' ? v : undefined;
}

function load(tc: TransformerConfig, kind: string, defs: Defs, typeName: string, path: string[], seen: Set<string>): void {
  const api = defs[typeName];
  if (!api || seen.has(typeName)) return;
  const nextSeen = new Set(seen).add(typeName);
  for (const [prop, p] of Object.entries(api.Schema?.properties ?? {})) {
    const fsPath = [...path, prop].join('/');
    const fs = makeFieldSpec({ kind, path: fsPath });
    if (ext(p, 'x-kubernetes-annotation') !== undefined) tc.commonAnnotations = mergeOne(tc.commonAnnotations, fs);
    if (ext(p, 'x-kubernetes-label-selector') !== undefined) tc.commonLabels = mergeOne(tc.commonLabels, fs);
    if (ext(p, 'x-kubernetes-identity') !== undefined) tc.namePrefix = mergeOne(tc.namePrefix, fs);
    const version = ext(p, 'x-kubernetes-object-ref-api-version');
    const refKind = ext(p, 'x-kubernetes-object-ref-kind');
    if (version !== undefined && refKind !== undefined) {
      const nameKey = ext(p, 'x-kubernetes-object-ref-name-key') ?? 'name';
      tc.nameReference = [
        ...tc.nameReference,
        { gvk: { group: '', version, kind: refKind }, referrers: [makeFieldSpec({ kind, path: `${fsPath}/${nameKey}` })] },
      ];
    }
    const ref = p.$ref;
    if (typeof ref === 'string' && ref !== '') load(tc, kind, defs, ref, [...path, prop], nextSeen);
  }
}
