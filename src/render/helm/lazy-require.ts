import { createRequire } from 'node:module';

const requireHere = createRequire(import.meta.url);

/**
 * A library loaded on first use, from node_modules: Helm's certificate, regular-expression, semver
 * and JSON Schema libraries cost every command's start when bundled, and most charts call few of
 * them (scripts/build.mjs keeps them out of the bundle).
 */
export function lazyRequire<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => {
    loaded ??= requireHere(name) as T;
    return loaded;
  };
}
