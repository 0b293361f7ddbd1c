import type { ObjectRef } from '../model/object-ref.js';

/** The object references an application applied, kept by the target between syncs. */
export interface Inventory {
  app: string;
  /** The revision (commit SHA) of the last sync that wrote this inventory. */
  revision?: string;
  /** Who keeps this app in sync: an agent's identity (`agent/...`), or `cli` for a person's syncs. */
  manager?: string;
  objects: ObjectRef[];
}
