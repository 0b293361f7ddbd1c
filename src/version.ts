/** Tideway's version, shown by `tideway version` and part of cache keys. Keep in step with package.json. */
export const TIDEWAY_VERSION = '0.1.0';
