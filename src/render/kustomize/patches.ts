import { RenderError } from '../../core/errors.js';
import { applyJsonPatch, JsonPatchError, toOperations, type JsonPatchOp } from './json-patch.js';
import type { PatchInput } from './kustomization.js';
import type { KustLoader } from './kust-loader.js';
import type { SchemaSet } from './openapi-schema.js';
import { idString } from './res-id.js';
import { parseObjects } from './resource-factory.js';
import type { ResourceMap } from './resource-map.js';
import { Resource, stringMap, type JsonObject } from './resource.js';
import { selectResources as select } from './select.js';
import { MergeError, strategicMerge } from './strategic-merge.js';
import { deepCopy, parseYamlDocument } from './yaml-io.js';

/** Everything a patch needs from the kustomization being built. */
export interface PatchContext {
  ldr: KustLoader;
  /** The kustomization file, for messages. */
  file: string;
  schemas: () => SchemaSet;
}

function fail(ctx: PatchContext, message: string, cause?: unknown): never {
  throw new RenderError(`${ctx.file}: ${message}`, { file: ctx.file, cause });
}

function selectResources(m: ResourceMap, target: NonNullable<PatchInput['target']>, ctx: PatchContext): Resource[] {
  try {
    return select(m, target);
  } catch (cause) {
    return fail(ctx, `invalid patch target: ${cause instanceof Error ? cause.message : String(cause)}`, cause);
  }
}

/** Strategic-merge patches in a text: the objects, or undefined when the text holds none. */
function smPatchesFromText(text: string, source: string): Resource[] | undefined {
  try {
    const objs = parseObjects(text, source);
    return objs.map((o) => new Resource(o, source));
  } catch {
    return undefined;
  }
}

function jsonOpsFromText(text: string, source: string): JsonPatchOp[] | undefined {
  try {
    const doc = text.trimStart().startsWith('[') ? JSON.parse(text) : parseYamlDocument(text, source);
    return toOperations(doc);
  } catch {
    return undefined;
  }
}

/** Applies one strategic-merge patch to one resource (kustomize's Resource.ApplySmPatch). */
export function applySmPatch(r: Resource, patch: Resource, ctx: PatchContext): boolean {
  const { name, namespace, kind } = r;
  if (patch.allowNameChange || patch.allowKindChange) r.storePreviousId();
  let merged: JsonObject | undefined;
  try {
    merged = strategicMerge(r.obj, deepCopy(patch.obj), ctx.schemas());
  } catch (cause) {
    if (cause instanceof MergeError)
      fail(ctx, `strategic merge patch from ${patch.file} on ${idString(r.curId())}: ${cause.message}`, cause);
    throw cause;
  }
  if (!merged || Object.keys(merged).length === 0) {
    r.obj = {};
    return false;
  }
  r.obj = merged;
  if (!patch.allowKindChange) r.kind = kind;
  if (!patch.allowNameChange) r.name = name;
  r.namespace = namespace;
  return true;
}

/** The patch as kustomize copies it for each target: same gvk as the target, labels as strings. */
function patchFor(target: Resource, patch: Resource): Resource {
  const copy = patch.copy();
  const md = copy.metadata;
  for (const field of ['labels', 'annotations'] as const) {
    if (field in md) {
      const v = md[field];
      const m = typeof v === 'object' && v !== null && !Array.isArray(v) ? stringMap(v as Record<string, unknown>) : {};
      if (Object.keys(m).length === 0) delete md[field];
      else md[field] = m;
    }
  }
  copy.obj.apiVersion = target.apiVersion;
  return copy;
}

function applyToSelected(m: ResourceMap, selected: Resource[], patch: Resource, ctx: PatchContext): void {
  const set = new Set(selected);
  for (const r of m.resources()) if (set.has(r)) applySmPatch(r, patchFor(r, patch), ctx);
  dropEmpty(m);
}

export function dropEmpty(m: ResourceMap): void {
  const kept = m.resources().filter((r) => Object.keys(r.obj).length > 0);
  if (kept.length !== m.size) m.setAll(kept);
  else m.invalidate();
}

function uniqueTarget(m: ResourceMap, patch: Resource, ctx: PatchContext, what: string): Resource {
  const id = patch.curId();
  const found = m.byAnyId(id);
  if (found.length === 1) return found[0];
  const why = found.length === 0 ? `no matches for Id ${idString(id)}` : `multiple matches for Id ${idString(id)}`;
  return fail(ctx, `${why}; failed to find unique target for ${what} ${idString(id)}${patch.file !== ctx.file ? ` (${patch.file})` : ''}`);
}

/** `patchesStrategicMerge`: each entry is inline YAML or a file; each patch targets its own id. */
export async function patchesStrategicMerge(m: ResourceMap, entries: string[], ctx: PatchContext): Promise<void> {
  const patches: Resource[] = [];
  for (const entry of entries) {
    let loaded = smPatchesFromText(entry, ctx.file);
    if (loaded === undefined) {
      const { text, file } = await ctx.ldr.load(entry);
      try {
        loaded = parseObjects(text, file).map((o) => new Resource(o, file));
      } catch (cause) {
        if (cause instanceof RenderError) throw cause;
        throw cause;
      }
    }
    patches.push(...loaded);
  }
  if (patches.length === 0) fail(ctx, `patch appears to be empty; files=${JSON.stringify(entries)}`);
  for (const patch of patches) {
    const target = uniqueTarget(m, patch, ctx, 'patch');
    applyToSelected(m, [target], patch, ctx);
  }
}

async function patchText(p: PatchInput, ctx: PatchContext): Promise<{ text: string; source: string }> {
  const inline = (p.patch ?? '').trim();
  if (inline === '' && !p.path) fail(ctx, 'must specify one of patch and path');
  if (inline !== '' && p.path) fail(ctx, `patch and path can't be set at the same time`);
  if (inline !== '') return { text: inline, source: ctx.file };
  const { text, file } = await ctx.ldr.load(p.path!);
  return { text, source: file };
}

/** `patches`: strategic merge or JSON 6902, inline or from a file, optionally with a target selector. */
export async function patches(m: ResourceMap, entries: PatchInput[], ctx: PatchContext): Promise<void> {
  for (const p of entries) {
    const { text, source } = await patchText(p, ctx);
    const sm = smPatchesFromText(text, source);
    const json = jsonOpsFromText(text, source);
    if (sm !== undefined && json !== undefined) fail(ctx, `illegally qualifies as both an SM and JSON patch: ${source}`);
    if (sm === undefined && json === undefined)
      fail(ctx, `unable to parse SM or JSON patch from ${p.path ? `[path: "${p.path}"]` : `[patch: ${JSON.stringify(text)}]`}`);
    if (sm !== undefined) {
      for (const patch of sm) {
        if (p.options?.allowNameChange) patch.allowNameChange = true;
        if (p.options?.allowKindChange) patch.allowKindChange = true;
      }
      if (p.target) {
        if (sm.length > 1)
          fail(ctx, `Multiple Strategic-Merge Patches in one \`patches\` entry is not allowed to set \`patches.target\` field: ${source}`);
        if (sm.length === 0) continue;
        applyToSelected(m, selectResources(m, p.target, ctx), sm[0], ctx);
      } else {
        for (const patch of sm) {
          const target = uniqueTarget(m, patch, ctx, 'strategic merge patch');
          applySmPatch(target, patch.copy(), ctx);
          dropEmpty(m);
        }
      }
      continue;
    }
    if (!p.target) fail(ctx, `must specify a target for JSON patch ${source}`);
    for (const r of selectResources(m, p.target, ctx)) {
      r.storePreviousId();
      applyJson(r, json!, ctx, source);
    }
    m.invalidate();
  }
}

/**
 * Applies a JSON patch as kustomize does: to the object with its build annotations in
 * metadata.annotations (so `/metadata/annotations/x` can be added when the object has build
 * annotations but no annotations of its own), then an empty annotations map is removed.
 */
function applyJson(r: Resource, ops: JsonPatchOp[], ctx: PatchContext, source: string): void {
  const md = r.obj.metadata;
  if (r.hasBuildAnnotations() && isMapValue(md) && md.annotations === undefined) md.annotations = {};
  try {
    const out = applyJsonPatch(r.obj, ops);
    if (typeof out !== 'object' || out === null || Array.isArray(out))
      fail(ctx, `JSON patch ${source} on ${idString(r.curId())} did not produce an object`);
    r.obj = out as JsonObject;
  } catch (cause) {
    if (cause instanceof JsonPatchError) fail(ctx, `JSON patch ${source} on ${idString(r.curId())}: ${cause.message}`, cause);
    throw cause;
  } finally {
    const after = r.obj.metadata;
    if (isMapValue(after) && isMapValue(after.annotations) && Object.keys(after.annotations).length === 0) delete after.annotations;
  }
}

function isMapValue(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `patchesJson6902`: JSON patches (inline `patch` or `path`) on the resources the target selects. */
export async function patchesJson6902(m: ResourceMap, entries: PatchInput[], ctx: PatchContext): Promise<void> {
  for (const p of entries) {
    if (!p.target?.name) fail(ctx, 'patchesJson6902: must specify the target name');
    if (!p.path && !p.patch) fail(ctx, 'patchesJson6902: empty file path and empty jsonOp');
    if (p.path && p.patch) fail(ctx, 'patchesJson6902: must specify a file path or jsonOp, not both');
    let text = p.patch ?? '';
    let source = ctx.file;
    if (p.path) {
      const loaded = await ctx.ldr.load(p.path);
      text = loaded.text;
      source = loaded.file;
      if (text === '') fail(ctx, `patch file '${p.path}' empty seems to be empty`);
    }
    let ops: JsonPatchOp[];
    try {
      const doc = text[0] === '[' ? JSON.parse(text) : parseYamlDocument(text, source);
      ops = toOperations(doc);
    } catch (cause) {
      const message = cause instanceof Error ? cause.message : String(cause);
      fail(ctx, `decoding JSON patch ${source}: ${message}`, cause);
    }
    if (ops.length === 0) fail(ctx, `patch appears to be empty; file=${p.path ?? ''}`);
    for (const r of selectResources(m, p.target, ctx)) applyJson(r, ops, ctx, source);
    m.invalidate();
  }
}
