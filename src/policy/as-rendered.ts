import type { Manifest, RenderedObject } from '../core/model/manifest.js';

/** A manifest as a rendered object (with no origin); a rendered object as it is. A manifest always has a string `kind`. */
export function asRendered(o: RenderedObject | Manifest): RenderedObject {
  return typeof (o as Manifest).kind === 'string' ? { object: o as Manifest } : (o as RenderedObject);
}
