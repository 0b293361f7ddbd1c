import type { RenderedObject } from '../core/model/manifest.js';
import { PROJECT_KIND } from '../core/project/project.js';

/** A `Project` document (`tideway.dev/...`), which an apps file may hold beside its Applications. */
export function isProjectDocument(doc: RenderedObject): boolean {
  return doc.object.kind === PROJECT_KIND && doc.object.apiVersion.startsWith('tideway.dev/');
}
