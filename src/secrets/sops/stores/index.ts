import { binaryStore } from './binary-store.js';
import { dotenvStore } from './dotenv-store.js';
import { iniStore } from './ini-store.js';
import { jsonStore } from './json-store.js';
import type { SopsFormat, SopsStore } from './store.js';
import { yamlStore } from './yaml-store.js';

export { formatOfFileName, SOPS_FORMATS, type LoadedFile, type SopsFormat, type SopsStore } from './store.js';

export const STORES: Record<SopsFormat, SopsStore> = {
  yaml: yamlStore,
  json: jsonStore,
  dotenv: dotenvStore,
  ini: iniStore,
  binary: binaryStore,
};
