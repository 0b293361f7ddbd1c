export { openMemoryStore } from './memory-store.js';
