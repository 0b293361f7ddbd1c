import type { Manifest } from '../core/model/manifest.js';
import { emitYamlDocument } from '../render/kustomize/yaml-emit.js';

/**
 * Multi-document YAML as kubectl and kustomize print it (go-yaml v2 style): strings that a YAML 1.1
 * reader would take for booleans or numbers (`yes`, `on`, `0777`) are quoted.
 */
export function manifestsToYaml(objects: Manifest[]): string {
  return objects.map((o) => emitYamlDocument(o)).join('---\n');
}
