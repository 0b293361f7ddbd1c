export { importObjects, type ImportInput, type ImportResult } from './import-objects.js';
export type { FindingLevel, ImportFinding } from './field-ledger.js';
