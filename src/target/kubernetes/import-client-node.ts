/**
 * Imports the official Kubernetes client, an ES module. The bundled CLI runs as a script compiled
 * with V8's code cache (bin/tideway.js), where `import()` has no module loader: the launcher lends
 * its own under this symbol. Elsewhere (tests, tsx, the agent as a library) it is a plain import.
 */
export async function importClientNode(): Promise<typeof import('@kubernetes/client-node')> {
  const lent = (globalThis as Record<symbol, unknown>)[Symbol.for('tideway.importModule')] as
    | ((specifier: string) => Promise<unknown>)
    | undefined;
  if (lent) return (await lent('@kubernetes/client-node')) as typeof import('@kubernetes/client-node');
  return import('@kubernetes/client-node');
}
