import { stringify } from 'yaml';
import type { Manifest } from '../core/model/manifest.js';

/** Multi-document YAML as kubectl and kustomize print it. */
export function manifestsToYaml(objects: Manifest[]): string {
  return objects.map((o) => stringify(o, { lineWidth: 0 })).join('---\n');
}
