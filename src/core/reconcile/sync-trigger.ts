/** What started a reconcile or a sync: shared by the agent, the store, the API and the UI. */
export type SyncTrigger = 'webhook' | 'poll' | 'drift' | 'user' | 'rollback' | 'startup';
