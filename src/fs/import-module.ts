/**
 * `import()` of a library left out of the CLI bundle (an ES module: age, OpenPGP, the OpenID client).
 * The bundled CLI runs as a script compiled with V8's code cache (bin/tideway.js), where `import()`
 * has no module loader: the launcher lends its own under this symbol, resolving from the install.
 * Elsewhere (tests, tsx, the agent as a library) `load` is the plain import.
 */
export async function importModule<T>(specifier: string, load: () => Promise<T>): Promise<T> {
  const lent = (globalThis as Record<symbol, unknown>)[Symbol.for('tideway.importModule')] as
    | ((specifier: string) => Promise<unknown>)
    | undefined;
  return lent ? ((await lent(specifier)) as T) : load();
}
