import { runStoreSuite } from '../store-suite.js';
import { openMemoryStore } from './memory-store.js';

runStoreSuite('memory', (options) => ({ store: openMemoryStore(options), cleanup: () => {} }));
