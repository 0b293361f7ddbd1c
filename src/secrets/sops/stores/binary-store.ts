import { branch, getKey } from '../tree.js';
import { jsonStore } from './json-store.js';
import type { SopsStore } from './store.js';

/**
 * The binary store: the whole file is one string under the key `data` of a JSON document
 * (getsops/sops `stores/json/store.go` `BinaryStore`); decrypted, it is that string's bytes.
 */
export const binaryStore: SopsStore = {
  load: (text) => jsonStore.load(text),

  emit(documents) {
    const data = documents[0] ? getKey(documents[0], 'data') : undefined;
    if (typeof data === 'string') return Buffer.from(data, 'utf8');
    if (data instanceof Uint8Array) return data;
    throw new Error("a binary-store file needs a string under the key 'data'");
  },

  emitEncrypted(documents, metadata) {
    return jsonStore.emitEncrypted(documents.length ? documents : [branch()], metadata);
  },
};
