import { applyFieldSpec, setSlot, slotValue, type FieldSpec } from './field-spec.js';
import type { ImageInput } from './kustomization.js';
import type { ResourceMap } from './resource-map.js';
import type { JsonObject } from './resource.js';

/** Splits an image reference into name, tag and digest (kustomize's image.Split). */
export function splitImage(image: string): { name: string; tag: string; digest: string } {
  let searchName = image;
  let slash = image.indexOf('/');
  if (slash > 0) searchName = image.slice(slash);
  else slash = 0;
  let id = searchName.indexOf('@');
  let ic = searchName.indexOf(':');
  if (ic < 0 && id < 0) return { name: image, tag: '', digest: '' };
  if (id >= 0 && (id < ic || ic < 0)) {
    id += slash;
    return { name: image.slice(0, id), tag: '', digest: image.slice(id + 1) };
  }
  if (id >= 0 && ic >= 0) {
    id += slash;
    ic += slash;
    return { name: image.slice(0, ic), tag: image.slice(ic + 1, id), digest: image.slice(id + 1) };
  }
  ic += slash;
  return { name: image.slice(0, ic), tag: image.slice(ic + 1), digest: '' };
}

const matcherCache = new Map<string, RegExp | null>();

/** kustomize's image.IsImageMatched: the name (a regular expression, unescaped) plus optional tag/digest. */
export function imageMatches(value: string, name: string): boolean {
  let re = matcherCache.get(name);
  if (re === undefined) {
    try {
      re = new RegExp(`^${name}(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$`);
    } catch {
      re = null;
    }
    matcherCache.set(name, re);
  }
  return re?.test(value) ?? false;
}

/** The new image reference for `value`, or undefined when the rule does not apply. */
export function updatedImage(value: string, img: ImageInput): string | undefined {
  if (!imageMatches(value, img.name ?? '')) return undefined;
  let { name, tag, digest } = splitImage(value);
  if (img.newName) name = img.newName;
  if (img.newTag && img.digest) {
    tag = img.newTag;
    digest = img.digest;
  } else if (img.newTag) {
    tag = img.newTag;
    digest = '';
  } else if (img.digest) {
    tag = '';
    digest = img.digest;
  } else if (img.tagSuffix) {
    tag += img.tagSuffix;
    digest = '';
  }
  if (tag) name += ':' + tag;
  if (digest) name += '@' + digest;
  return name;
}

function updateContainerList(list: unknown, img: ImageInput): void {
  if (!Array.isArray(list)) return;
  for (const c of list) {
    if (typeof c !== 'object' || c === null || Array.isArray(c)) continue;
    const image = (c as JsonObject).image;
    if (typeof image !== 'string') continue;
    const next = updatedImage(image, img);
    if (next !== undefined) (c as JsonObject).image = next;
  }
}

/** Every `containers` / `initContainers` list anywhere in the object (the legacy image filter). */
function walkContainers(node: unknown, img: ImageInput): void {
  if (Array.isArray(node)) {
    for (const item of node) walkContainers(item, img);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  for (const [key, value] of Object.entries(node as JsonObject)) {
    walkContainers(value, img);
    if (key === 'containers' || key === 'initContainers') updateContainerList(value, img);
  }
}

/** The `images:` transformer: one rule at a time, over containers anywhere and the configured paths. */
export function setImages(m: ResourceMap, images: ImageInput[], fieldSpecs: FieldSpec[]): void {
  for (const img of images) {
    for (const r of m.resources()) {
      if (r.kind === 'CustomResourceDefinition') continue;
      walkContainers(r.obj, img);
    }
    for (const r of m.resources()) {
      if (r.kind === 'CustomResourceDefinition') continue;
      for (const fs of fieldSpecs) {
        applyFieldSpec(r.obj, fs, (slot) => {
          const v = slotValue(slot);
          if (typeof v !== 'string') return;
          const next = updatedImage(v, img);
          if (next !== undefined) setSlot(slot, next);
        });
      }
    }
  }
}
