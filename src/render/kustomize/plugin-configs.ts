import { RenderError } from '../../core/errors.js';
import { decodeStrict, type T } from './kustomization.js';
import { idString, parseApiVersion } from './res-id.js';
import { parseResources } from './resource-factory.js';
import type { Resource } from './resource.js';

/** kustomize's built-in transformer plugins that a `transformers:` entry may configure. */
export const BUILTIN_TRANSFORMERS = [
  'AnnotationsTransformer',
  'HashTransformer',
  'ImageTagTransformer',
  'LabelTransformer',
  'NamespaceTransformer',
  'PatchJson6902Transformer',
  'PatchStrategicMergeTransformer',
  'PatchTransformer',
  'PrefixSuffixTransformer',
  'PrefixTransformer',
  'SuffixTransformer',
  'ReplacementTransformer',
  'ReplicaCountTransformer',
  'ValueAddTransformer',
] as const;

/** kustomize's built-in generator plugins that a `generators:` entry may configure. */
export const BUILTIN_GENERATORS = ['ConfigMapGenerator', 'SecretGenerator', 'HelmChartInflationGenerator', 'IAMPolicyGenerator'] as const;

export type BuiltinTransformerKind = (typeof BUILTIN_TRANSFORMERS)[number];
export type BuiltinGeneratorKind = (typeof BUILTIN_GENERATORS)[number];

/**
 * The configuration objects listed in a kustomization's `transformers:` or `generators:` field, as
 * kustomize reads them: each entry is inline YAML (one or more objects) or else a path to a file or
 * a kustomization directory, built by `accumulate` (the caller's resource accumulation). Inline
 * configurations come first, then those from paths, each group in the order listed.
 */
export async function loadPluginConfigs(
  entries: string[],
  file: string,
  accumulate: (paths: string[]) => Promise<Resource[]>,
): Promise<Resource[]> {
  const inline: Resource[] = [];
  const paths: string[] = [];
  for (const entry of entries) {
    let parsed: Resource[] | undefined;
    try {
      parsed = parseResources(entry, file);
    } catch {
      parsed = undefined;
    }
    if (parsed === undefined) paths.push(entry);
    else inline.push(...parsed);
  }
  return [...inline, ...(await accumulate(paths))];
}

/**
 * The built-in plugin kind a configuration object asks for (`apiVersion: builtin`), checked to be a
 * transformer or a generator as the field it is listed in requires. Anything else needs an exec, Go
 * or KRM function plugin, which is refused as kubectl kustomize refuses it.
 */
export function builtinKindOf(config: Resource, role: 'transformer', file: string): BuiltinTransformerKind;
export function builtinKindOf(config: Resource, role: 'generator', file: string): BuiltinGeneratorKind;
export function builtinKindOf(config: Resource, role: 'transformer' | 'generator', file: string): string {
  const { group, version } = parseApiVersion(config.apiVersion);
  const kind = config.kind;
  if (group !== '' || version !== 'builtin') {
    throw new RenderError(
      `${file}: external plugins disabled; unable to load external plugin '${kind}' (from ${config.file}): Tideway runs only kustomize's built-in plugins (apiVersion: builtin), never exec, Go or KRM function (container) plugins`,
      { file },
    );
  }
  const transformer = (BUILTIN_TRANSFORMERS as readonly string[]).includes(kind);
  const generator = (BUILTIN_GENERATORS as readonly string[]).includes(kind);
  if (!transformer && !generator) throw new RenderError(`${file}: unable to load builtin ${kind}.builtin.[noGrp]`, { file });
  if (role === 'transformer' && !transformer)
    throw new RenderError(`${file}: plugin ${idString(config.curId())} not a transformer`, { file });
  if (role === 'generator' && !generator) throw new RenderError(`${file}: plugin ${idString(config.curId())} not a generator`, { file });
  return kind;
}

/**
 * A plugin configuration decoded against `schema` as sigs.k8s.io/yaml decodes it into the plugin's
 * struct: field names matched case-insensitively, unknown fields ignored, wrong types refused with
 * kustomize's "plugin ID fails configuration" prefix.
 */
export function decodePluginConfig<C>(config: Resource, schema: Record<string, T>, file: string): C {
  try {
    return (decodeStrict(config.obj, { obj: schema }, '', false) ?? {}) as C;
  } catch (cause) {
    throw pluginConfigError(config, file, cause instanceof Error ? cause.message : String(cause), cause);
  }
}

/** kustomize's error for a plugin whose configuration is refused. */
export function pluginConfigError(config: Resource, file: string, message: string, cause?: unknown): RenderError {
  return new RenderError(`${file}: plugin ${idString(config.curId())} fails configuration: ${message}`, { file, cause });
}
