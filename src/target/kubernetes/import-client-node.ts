import { importModule } from '../../fs/import-module.js';

/** Imports the official Kubernetes client, an ES module (through the launcher's loader in the bundled CLI). */
export async function importClientNode(): Promise<typeof import('@kubernetes/client-node')> {
  return importModule('@kubernetes/client-node', () => import('@kubernetes/client-node'));
}
