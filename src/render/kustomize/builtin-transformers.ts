import { makeFieldSpec, type FieldSpec } from './field-spec.js';
import { contentHash } from './hash.js';
import { setImages } from './images.js';
import type { FieldSpecInput, ImageInput, PatchInput, ReplacementInput, SelectorInput } from './kustomization.js';
import { decodeStrict, SCHEMA_PARTS } from './kustomization.js';
import { addMapEntries } from './labels.js';
import { addNameAffix } from './name-prefix-suffix.js';
import { setNamespace, type NamespaceOptions } from './namespace.js';
import { patches, patchesJson6902, patchesStrategicMerge, type PatchContext } from './patches.js';
import { builtinKindOf, decodePluginConfig, pluginConfigError } from './plugin-configs.js';
import { applyReplacements, loadReplacements } from './replacements.js';
import { setReplicas } from './replicas.js';
import type { ResourceMap } from './resource-map.js';
import type { Resource } from './resource.js';
import { addValue, type ValueAddTarget } from './value-add.js';
import { parseYamlDocument } from './yaml-io.js';

/** A configured transformer: changes the resources of the map in place. */
export type Transformer = (m: ResourceMap) => void | Promise<void>;

const { str, strList, strMap, fieldSpec, selector, image, replacement } = SCHEMA_PARTS;
const fieldSpecs = { list: fieldSpec };
const patchSchema = { path: str, patch: str, target: selector, options: { map: 'bool' as const } };

/**
 * Configures the built-in transformer a `transformers:` configuration asks for (kustomize's
 * LabelTransformer, NamespaceTransformer, PatchTransformer... plugins), as kustomize configures it:
 * only the configuration's own field specs apply (none of the defaults the kustomization's fields
 * use), files are read relative to the kustomization (`ctx.ldr`). Configuration errors are thrown
 * here, before any transformer runs.
 */
export async function configureBuiltinTransformer(config: Resource, ctx: PatchContext): Promise<Transformer> {
  const file = ctx.file;
  const kind = builtinKindOf(config, 'transformer', file);
  const specs = (list: FieldSpecInput[] | undefined): FieldSpec[] => (list ?? []).map(makeFieldSpec);
  switch (kind) {
    case 'LabelTransformer': {
      const c = decodePluginConfig<{ labels?: Record<string, string>; fieldSpecs?: FieldSpecInput[] }>(
        config,
        { labels: strMap, fieldSpecs },
        file,
      );
      return (m) => addMapEntries(m, c.labels ?? {}, specs(c.fieldSpecs));
    }
    case 'AnnotationsTransformer': {
      const c = decodePluginConfig<{ annotations?: Record<string, string>; fieldSpecs?: FieldSpecInput[] }>(
        config,
        { annotations: strMap, fieldSpecs },
        file,
      );
      return (m) => addMapEntries(m, c.annotations ?? {}, specs(c.fieldSpecs));
    }
    case 'NamespaceTransformer': {
      const c = decodePluginConfig<{
        metadata?: { namespace?: string };
        fieldSpecs?: FieldSpecInput[];
        unsetOnly?: boolean;
        setRoleBindingSubjects?: string;
      }>(config, { metadata: { obj: { namespace: str } }, fieldSpecs, unsetOnly: 'bool', setRoleBindingSubjects: str }, file);
      const mode = c.setRoleBindingSubjects || 'defaultOnly';
      if (mode !== 'defaultOnly' && mode !== 'allServiceAccounts' && mode !== 'none') {
        throw pluginConfigError(
          config,
          file,
          `invalid value "${mode}" for setRoleBindingSubjects: must be one of "defaultOnly", "none" or "allServiceAccounts"`,
        );
      }
      const options: NamespaceOptions = { unsetOnly: c.unsetOnly === true, roleBindingSubjects: mode };
      return (m) => setNamespace(m, c.metadata?.namespace ?? '', specs(c.fieldSpecs), file, options);
    }
    case 'PrefixSuffixTransformer':
    case 'PrefixTransformer':
    case 'SuffixTransformer': {
      const c = decodePluginConfig<{ prefix?: string; suffix?: string; fieldSpecs?: FieldSpecInput[] }>(
        config,
        { prefix: str, suffix: str, fieldSpecs },
        file,
      );
      if (c.fieldSpecs === undefined) throw pluginConfigError(config, file, 'fieldSpecs is not expected to be nil');
      const fss = specs(c.fieldSpecs);
      return (m) => {
        if (kind !== 'SuffixTransformer') addNameAffix(m, c.prefix ?? '', 'prefix', fss);
        if (kind !== 'PrefixTransformer') addNameAffix(m, c.suffix ?? '', 'suffix', fss);
      };
    }
    case 'ImageTagTransformer': {
      const c = decodePluginConfig<{ imageTag?: ImageInput; fieldSpecs?: FieldSpecInput[] }>(config, { imageTag: image, fieldSpecs }, file);
      return (m) => setImages(m, [c.imageTag ?? {}], specs(c.fieldSpecs));
    }
    case 'ReplicaCountTransformer': {
      const c = decodePluginConfig<{ replica?: { name?: string; count?: number }; fieldSpecs?: FieldSpecInput[] }>(
        config,
        { replica: { obj: { name: str, count: 'int' } }, fieldSpecs },
        file,
      );
      return (m) => setReplicas(m, [c.replica ?? {}], specs(c.fieldSpecs), file);
    }
    case 'HashTransformer':
      return hashGenerated;
    case 'PatchTransformer': {
      const c = decodePluginConfig<PatchInput>(config, patchSchema, file);
      return (m) => patches(m, [c], ctx);
    }
    case 'PatchStrategicMergeTransformer': {
      const c = decodePluginConfig<{ paths?: string[]; patches?: string }>(config, { paths: strList, patches: str }, file);
      const entries = [...(c.paths ?? []), ...(c.patches ? [c.patches] : [])];
      if (entries.length === 0) throw pluginConfigError(config, file, 'empty file path and empty patch content');
      return (m) => patchesStrategicMerge(m, entries, ctx);
    }
    case 'PatchJson6902Transformer': {
      const c = decodePluginConfig<{ target?: SelectorInput; path?: string; jsonOp?: string }>(
        config,
        { target: selector, path: str, jsonOp: str },
        file,
      );
      return (m) => patchesJson6902(m, [{ target: c.target, path: c.path, patch: c.jsonOp }], ctx);
    }
    case 'ReplacementTransformer': {
      const c = decodePluginConfig<{ replacements?: ReplacementInput[] }>(config, { replacements: { list: replacement } }, file);
      const list = await loadReplacements(c.replacements ?? [], ctx.ldr, file);
      return (m) => applyReplacements(m, list, file);
    }
    case 'ValueAddTransformer':
      return configureValueAdd(config, ctx);
  }
}

/** HashTransformer: the content-hash suffix on generated objects, now (kustomize adds it again at the end). */
function hashGenerated(m: ResourceMap): void {
  for (const r of m.resources()) {
    if (!r.needsHash) continue;
    const h = contentHash(r.obj);
    r.storePreviousId();
    r.name = `${r.name}-${h}`;
  }
  m.invalidate();
}

async function configureValueAdd(config: Resource, ctx: PatchContext): Promise<Transformer> {
  const file = ctx.file;
  const targetSchema = { list: { obj: { selector, fieldPath: str, filePathPosition: 'int' as const } } };
  const c = decodePluginConfig<{ value?: string; targets?: ValueAddTarget[]; targetFilePath?: string }>(
    config,
    { value: str, targets: targetSchema, targetFilePath: str },
    file,
  );
  // The default value: the base name of the kustomization's directory.
  const value = (c.value ?? '').trim() || ctx.ldr.root.slice(ctx.ldr.root.lastIndexOf('/') + 1);
  const targets = [...(c.targets ?? [])];
  if (c.targetFilePath) {
    const { text, file: targetsFile } = await ctx.ldr.load(c.targetFilePath);
    const doc = parseYamlDocument(text, targetsFile) ?? {};
    try {
      targets.push(...((decodeStrict(doc, { obj: { targets: targetSchema } }, '', false) as { targets?: ValueAddTarget[] }).targets ?? []));
    } catch (cause) {
      throw pluginConfigError(config, file, `${targetsFile}: ${cause instanceof Error ? cause.message : String(cause)}`, cause);
    }
  }
  if (targets.length === 0) throw pluginConfigError(config, file, 'must specify at least one target');
  for (const t of targets) {
    if (!t.fieldPath) throw pluginConfigError(config, file, 'fieldPath cannot be empty');
    if ((t.filePathPosition ?? 0) < 0)
      throw pluginConfigError(config, file, `value of FilePathPosition (${t.filePathPosition}) cannot be negative`);
  }
  return (m) => addValue(m, value, targets);
}
