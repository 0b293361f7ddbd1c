import type { Inventory } from './inventory.js';

/** What a person's command line records as the inventory's manager: it never claims an app. */
export const CLI_MANAGER = 'cli';

export type ManagerDecision = { decision: 'sync' } | { decision: 'refuse'; manager: string; message: string };

/**
 * Whether `me` may sync an app whose inventory another manager wrote. Two agents (two data
 * directories) syncing one app on one cluster would each undo the other's revision forever, so an
 * agent leaves an app another agent keeps, with a `ManagedByAnotherAgent` condition, and a person's
 * `tideway sync` does too, unless asked to take it over (`--adopt`, `Adopt=true`). Syncs from the
 * command line claim nothing: an agent takes over an app a person synced by hand.
 */
export function decideManager(inventory: Inventory | undefined, me: string, adopt: boolean): ManagerDecision {
  const manager = inventory?.manager;
  if (!manager || manager === me || manager === CLI_MANAGER || adopt) return { decision: 'sync' };
  return {
    decision: 'refuse',
    manager,
    message: `${inventory.app} is kept in sync by ${manager}, not by this ${me === CLI_MANAGER ? 'command' : 'agent'}; nothing written (take it over with --adopt or syncOptions: [Adopt=true])`,
  };
}
