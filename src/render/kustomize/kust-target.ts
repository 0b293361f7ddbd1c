import { RenderError } from '../../core/errors.js';
import { runBuiltinGenerator } from './builtin-generators.js';
import { configureBuiltinTransformer, type Transformer } from './builtin-transformers.js';
import { loadPluginConfigs } from './plugin-configs.js';
import type { Resource } from './resource.js';
import type { RenderWarning } from '../renderer.js';
import { configFromCrdDefinitions } from './crd-config.js';
import { FieldSpecError } from './field-spec.js';
import { generate } from './generators.js';
import { inflateHelmCharts } from './helm-charts.js';
import { setImages } from './images.js';
import { isRemoteLocation, type KustLoader } from './kust-loader.js';
import type { Kustomization } from './kustomization.js';
import { addMapEntries, labelFieldSpecs } from './labels.js';
import { loadKustomization, type LoadedKustomization } from './load-kustomization.js';
import { addNameAffix } from './name-prefix-suffix.js';
import { setNamespace } from './namespace.js';
import { BUILTIN_SCHEMA, CustomSchema, type SchemaSet } from './openapi-schema.js';
import { dropEmpty, patches, patchesJson6902, patchesStrategicMerge, type PatchContext } from './patches.js';
import { applyReplacements, loadReplacements } from './replacements.js';
import { setReplicas } from './replicas.js';
import { joinOriginPath } from './origin.js';
import { parseResources } from './resource-factory.js';
import { ResourceMap } from './resource-map.js';
import { absorbGenerated } from './generator-merge.js';
import { configFromValue, defaultTransformerConfig, emptyConfig, mergeConfig, type TransformerConfig } from './transformer-config.js';
import { bindVars, VarSet } from './vars.js';
import { parseYamlDocument } from './yaml-io.js';

/** What a (sub)build accumulates: resources, transformer configuration and vars. */
export class Accumulator {
  map = new ResourceMap();
  config: TransformerConfig = emptyConfig();
  vars = new VarSet();

  absorb(other: Accumulator, file: string): void {
    this.map.appendAll(other.map.resources());
    this.config = mergeConfig(this.config, other.config);
    this.vars.mergeFrom(other.vars, file);
  }
}

/** Build-wide state: the OpenAPI schema in force (kustomize keeps it global, first setting wins). */
export class BuildState {
  schemas: SchemaSet = BUILTIN_SCHEMA;
  private schemaChosen = false;
  /** Record origins (the top kustomization has buildMetadata: [originAnnotations]). */
  trackOrigin = false;
  /** Changes whenever `schemas` does: a directory built under another schema is built again. */
  schemaGeneration = 0;
  /**
   * Directories already built in this build, by what makes their result differ (their real path,
   * the origin path recorded, the schema): a "diamond" (two bases that both list a third, at every
   * level) builds each directory once instead of once per path to it. Kustomize builds a base
   * listed under resources without its parent's context (a fresh accumulator), so the result only
   * depends on the key; each use gets copies, since the parent's transformers change resources.
   */
  readonly built = new Map<string, { resources: Resource[]; config: TransformerConfig }>();
  /** Bounds of the whole build (see build.ts). */
  deadline = Number.POSITIVE_INFINITY;
  maxObjects = Number.POSITIVE_INFINITY;
  timeoutMs = 0;

  constructor(private readonly onWarning?: (warning: RenderWarning) => void) {}

  /** Reports a warning (a deprecated field of `file`) to whoever asked for the build. */
  warn = (message: string, file: string): void => this.onWarning?.({ file, message });

  /** Applies a kustomization's `openapi:` field; the top-level one (`top`) always wins. */
  async applyOpenApi(k: Kustomization, ldr: KustLoader, file: string, top: boolean): Promise<void> {
    if (!top && this.schemaChosen) return;
    const version = k.openapi?.version;
    const schemaPath = k.openapi?.path;
    if (schemaPath && version)
      throw new RenderError(`${file}: openapi: builtin version and custom schema provided, cannot use both`, { file });
    if (schemaPath) {
      const { text, file: schemaFile } = await ldr.load(schemaPath);
      const doc = text.trimStart().startsWith('{') ? JSON.parse(text) : parseYamlDocument(text, schemaFile);
      this.schemas = top ? new CustomSchema(doc) : new CustomSchema(doc, BUILTIN_SCHEMA);
      this.schemaChosen = true;
      this.schemaGeneration++;
    } else if (version) {
      if (version !== 'v1.21.2') throw new RenderError(`${file}: openapi: the specified OpenAPI version is not built in`, { file });
      this.schemaChosen = true;
      this.schemaGeneration++;
    }
  }

  /** Refuses a build past its time or object bound, naming the kustomization being built. */
  checkBounds(file: string, objects = 0): void {
    if (objects > this.maxObjects) {
      throw new RenderError(
        `${file}: the kustomize build produces more than ${this.maxObjects} objects; refused (a base listed through many paths, or generated input too large)`,
        { file, code: 'InputTooLarge' },
      );
    }
    if (Date.now() > this.deadline) {
      throw new RenderError(`${file}: the kustomize build took longer than ${this.timeoutMs / 1000} s; refused`, { file, code: 'Timeout' });
    }
  }
}

function errMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Builds one kustomization (or component, into the caller's accumulator) the way kustomize does. */
export async function accumulateTarget(
  ldr: KustLoader,
  lk: LoadedKustomization,
  ra: Accumulator,
  state: BuildState,
  originDir = '',
): Promise<Accumulator> {
  const { k, file } = lk;
  for (const p of k.resources ?? []) await accumulateResource(ldr, p, ra, file, state, originDir);

  let tc = defaultTransformerConfig();
  for (const c of k.configurations ?? []) {
    const { text, file: cfgFile } = await ldr.load(c);
    try {
      tc = mergeConfig(tc, configFromValue(parseYamlDocument(text, cfgFile)));
    } catch (cause) {
      if (cause instanceof RenderError) throw cause;
      throw new RenderError(`${cfgFile}: invalid transformer configuration: ${errMessage(cause)}`, { file: cfgFile, cause });
    }
  }
  ra.config = mergeConfig(ra.config, tc);
  for (const c of k.crds ?? []) {
    const { text, file: crdFile } = await ldr.load(c);
    let doc: unknown;
    try {
      doc = text.trimStart().startsWith('{') ? JSON.parse(text) : parseYamlDocument(text, crdFile);
    } catch (cause) {
      if (cause instanceof RenderError) throw cause;
      throw new RenderError(`${crdFile}: unable to parse open API definition: ${errMessage(cause)}`, { file: crdFile, cause });
    }
    ra.config = mergeConfig(ra.config, configFromCrdDefinitions(doc));
  }

  const kustFileName = file.split('/').pop() ?? file;
  const generated = async (kind: 'ConfigMap' | 'Secret', args: NonNullable<Kustomization['configMapGenerator']>[number]) => {
    const r = await generate(kind, args, k.generatorOptions, ldr, file);
    if (state.trackOrigin) {
      r.origin = {
        configuredIn: joinOriginPath(originDir, kustFileName),
        configuredBy: { apiVersion: 'builtin', kind: `${kind}Generator` },
      };
    }
    absorbGenerated(ra.map, r, file);
  };
  for (const args of k.configMapGenerator ?? []) await generated('ConfigMap', args);
  for (const args of k.secretGenerator ?? []) await generated('Secret', args);
  // helmCharts (kustomize's HelmChartInflationGenerator), rendered by Tideway's Helm renderer.
  for (const chart of await inflateHelmCharts(k, ldr, file)) ra.map.appendAll(parseResources(chart.text, chart.file));
  if ((k.generators?.length ?? 0) > 0) {
    for (const config of await loadPluginConfigs(k.generators!, file, pluginPaths(ldr, file, state, originDir))) {
      for (const r of await runBuiltinGenerator(config, ldr, file)) {
        if (state.trackOrigin)
          r.origin = { configuredIn: joinOriginPath(originDir, kustFileName), configuredBy: { apiVersion: 'builtin', kind: config.kind } };
        absorbGenerated(ra.map, r, file);
      }
    }
  }

  for (const c of k.components ?? []) {
    const child = await ldr.child(c, file);
    const sub = await loadKustomization(child, state.warn);
    await state.applyOpenApi(sub.k, child, sub.file, false);
    if (!sub.isComponent)
      throw new RenderError(`${file}: expected kind 'Component' for path '${child.display('.')}' but got '${sub.k.kind}'`, { file });
    ra = await accumulateTarget(child, sub, ra, state, joinOriginPath(originDir, c));
  }

  await runTransformers(ra, k, ldr, file, state, originDir);
  bindVars(ra.map, k.vars ?? [], ra.vars, file);
  return ra;
}

async function accumulateResource(
  ldr: KustLoader,
  p: string,
  ra: Accumulator,
  file: string,
  state: BuildState,
  originDir: string,
): Promise<void> {
  if (!isRemoteLocation(p) && (await ldr.isFile(p))) {
    const { text, file: resFile } = await ldr.load(p);
    const resources = parseResources(text, resFile);
    if (state.trackOrigin) for (const r of resources) r.origin = { path: joinOriginPath(originDir, p) };
    ra.map.appendAll(resources);
    return;
  }
  let child: KustLoader;
  try {
    child = await ldr.child(p, file);
  } catch (cause) {
    if (cause instanceof RenderError && cause.file === file) throw cause;
    throw new RenderError(`${file}: accumulating resources from '${p}': ${errMessage(cause)}`, {
      file,
      code: cause instanceof RenderError ? cause.code : 'RenderFailed',
      cause,
    });
  }
  state.checkBounds(file, ra.map.resources().length);
  const subOrigin = isRemoteLocation(p) ? '' : joinOriginPath(originDir, p);
  const key = [child.repoRoot, child.root, child.remoteUrl ?? '', state.trackOrigin ? subOrigin : '', state.schemaGeneration].join(
    '\u0000',
  );
  const done = state.built.get(key);
  if (done) {
    ra.map.appendAll(done.resources.map((r) => r.copy()));
    ra.config = mergeConfig(ra.config, done.config);
    state.checkBounds(file, ra.map.resources().length);
    return;
  }
  const sub = await loadKustomization(child, state.warn);
  await state.applyOpenApi(sub.k, child, sub.file, false);
  if (sub.isComponent)
    throw new RenderError(
      `${file}: expected kind != 'Component' for path '${child.display('.')}' (a Component must be listed under components, not resources)`,
      { file },
    );
  const generation = state.schemaGeneration;
  const subRa = await accumulateTarget(child, sub, new Accumulator(), state, subOrigin);
  // Vars bind to resources of their own build: a directory with vars is not reused (listing it twice is an error anyway).
  if (subRa.vars.vars.size === 0 && generation === state.schemaGeneration) {
    state.built.set(key, { resources: subRa.map.resources().map((r) => r.copy()), config: subRa.config });
  }
  ra.absorb(subRa, file);
  state.checkBounds(file, ra.map.resources().length);
}

/** Accumulates the configurations that `generators:` / `transformers:` entries name by path (files or kustomizations). */
function pluginPaths(ldr: KustLoader, file: string, state: BuildState, originDir: string): (paths: string[]) => Promise<Resource[]> {
  return async (paths) => {
    const configs = new Accumulator();
    for (const p of paths) await accumulateResource(ldr, p, configs, file, state, originDir);
    return configs.map.resources();
  };
}

async function runTransformers(
  ra: Accumulator,
  k: Kustomization,
  ldr: KustLoader,
  file: string,
  state: BuildState,
  originDir: string,
): Promise<void> {
  const m = ra.map;
  const tc = ra.config;
  const ctx: PatchContext = { ldr, file, schemas: () => state.schemas };
  const step = async (fn: () => void | Promise<void>): Promise<void> => {
    try {
      await fn();
    } catch (cause) {
      if (cause instanceof FieldSpecError) throw new RenderError(`${file}: ${cause.message}`, { file, cause });
      if (cause instanceof RenderError) throw cause;
      throw new RenderError(`${file}: ${errMessage(cause)}`, { file, cause });
    }
    dropEmpty(m);
  };
  if ((k.patchesStrategicMerge?.length ?? 0) > 0) await patchesStrategicMerge(m, k.patchesStrategicMerge!, ctx);
  dropEmpty(m);
  if ((k.patches?.length ?? 0) > 0) await patches(m, k.patches!, ctx);
  dropEmpty(m);
  await step(() => setNamespace(m, k.namespace ?? '', tc.namespace, file));
  await step(() => addNameAffix(m, k.namePrefix ?? '', 'prefix', tc.namePrefix));
  await step(() => addNameAffix(m, k.nameSuffix ?? '', 'suffix', tc.nameSuffix));
  await step(() => {
    for (const label of k.labels ?? []) addMapEntries(m, label.pairs ?? {}, labelFieldSpecs(label, tc));
    addMapEntries(m, k.commonLabels ?? {}, tc.commonLabels);
  });
  await step(() => addMapEntries(m, k.commonAnnotations ?? {}, tc.commonAnnotations));
  if ((k.patchesJson6902?.length ?? 0) > 0) await patchesJson6902(m, k.patchesJson6902!, ctx);
  dropEmpty(m);
  await step(() => setReplicas(m, k.replicas ?? [], tc.replicas, file));
  await step(() => setImages(m, k.images ?? [], tc.images));
  if ((k.replacements?.length ?? 0) > 0) {
    const list = await loadReplacements(k.replacements!, ldr, file);
    await step(() => applyReplacements(m, list, file));
  }
  // Then the built-in transformers configured in `transformers:`, all configured before any runs.
  if ((k.transformers?.length ?? 0) > 0) {
    const transformers: Transformer[] = [];
    for (const config of await loadPluginConfigs(k.transformers!, file, pluginPaths(ldr, file, state, originDir))) {
      transformers.push(await configureBuiltinTransformer(config, ctx));
    }
    for (const t of transformers) await step(() => t(m));
  }
}
