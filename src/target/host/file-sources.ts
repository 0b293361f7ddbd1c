/**
 * `spec.source` of host Files names a file in the repository. The engine resolves it before apply with
 * its confined reader (so reads never leave the checkout); the target itself only takes `spec.content`.
 * Pure: the reading is the caller's.
 */
import { RenderError } from '../../core/errors.js';
import type { Manifest } from '../../core/model/manifest.js';
import { HOST_GROUP } from './host-kinds.js';

/** Reads a repository file (relative to the app's path), refusing escapes; e.g. `readFileInside` from render/confined-fs. */
export type ReadRepoFile = (relative: string) => Promise<string>;

function isHostFile(object: Manifest): boolean {
  return object.kind === 'File' && object.apiVersion.startsWith(`${HOST_GROUP}/`);
}

/**
 * Returns the objects with every host File's `spec.source` replaced by `spec.content` (the file's text).
 * Other objects are returned as they are (same references). A read that fails aborts with a RenderError
 * naming the object and the field, since a missing source file is a rendering error, like a missing
 * kustomize resource.
 */
export async function resolveFileSources(objects: Manifest[], read: ReadRepoFile): Promise<Manifest[]> {
  const out: Manifest[] = [];
  for (const object of objects) {
    const spec = object.spec as Record<string, unknown> | undefined;
    if (!isHostFile(object) || !spec || typeof spec.source !== 'string' || spec.content !== undefined) {
      out.push(object);
      continue;
    }
    let content: string;
    try {
      content = await read(spec.source);
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new RenderError(`File/${object.metadata.name}: spec.source: ${reason}`, { file: spec.source, code: 'RenderFailed', cause });
    }
    const { source: _source, ...rest } = spec;
    out.push({ ...object, spec: { ...rest, content } });
  }
  return out;
}
