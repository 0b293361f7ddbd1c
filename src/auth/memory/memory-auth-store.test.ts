import { runAuthStoreSuite } from '../auth-store-suite.js';
import { openMemoryAuthStore } from './memory-auth-store.js';

runAuthStoreSuite('memory', () => ({ store: openMemoryAuthStore(), cleanup: () => undefined }));
