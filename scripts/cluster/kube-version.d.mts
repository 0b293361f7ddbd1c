// Types for kube-version.mjs (plain JavaScript, loaded by scripts/test.mjs without tsx).
export const KUBE_VERSIONS: readonly ['1.20', '1.34'];
export function k8sCacheDir(env?: NodeJS.ProcessEnv): string;
export function kube134Source(env?: NodeJS.ProcessEnv): string | undefined;
export function chooseKubeVersion(env?: NodeJS.ProcessEnv): { version: '1.20' | '1.34'; reason: string };
export function ensureKube134(env?: NodeJS.ProcessEnv): string;
export function kubeBinDir(version: '1.20' | '1.34', env?: NodeJS.ProcessEnv): string;
export function versionFlags(version: '1.20' | '1.34'): { apiserver: string[]; controllerManager: string[] };
