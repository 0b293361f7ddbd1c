import { RenderError } from '../core/errors.js';
import { findDuplicates } from '../core/model/find-duplicates.js';
import type { Origin, RenderedObject } from '../core/model/manifest.js';
import { refOf, refString } from '../core/model/object-ref.js';

const where = (origin?: Origin) => (origin ? `${origin.file}${origin.line === undefined ? '' : `:${origin.line}`}` : '(unknown file)');

/**
 * Throws a `DuplicateObject` RenderError when two rendered objects share an identity, naming every
 * origin: `apps/a.yaml:3 and apps/b.yaml:10 both define Deployment/web` (one line per duplicated object).
 */
export function assertNoDuplicates(objects: readonly RenderedObject[]): void {
  const groups = findDuplicates(objects);
  if (groups.length === 0) return;
  const lines = groups.map((group) => {
    const places = group.map((o) => where(o.origin));
    const listed = places.length === 2 ? places.join(' and ') : `${places.slice(0, -1).join(', ')} and ${places.at(-1)}`;
    return `${listed} ${places.length === 2 ? 'both' : 'all'} define ${refString(refOf(group[0].object))}`;
  });
  const second = groups[0][1].origin;
  throw new RenderError(lines.join('\n'), { code: 'DuplicateObject', file: second?.file, line: second?.line });
}
