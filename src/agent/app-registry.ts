import type { ResolvedApplication } from '../core/application/application.js';

/** Where a managed app came from: an apps file or directory, a parent app's path (app of apps), or an Application object in a namespace. */
export type AppOrigin = { kind: 'file' } | { kind: 'parent'; parent: string } | { kind: 'cluster'; namespace: string };

export interface RegisteredApp {
  app: ResolvedApplication;
  origin: AppOrigin;
}

export interface RegistryChange {
  added: ResolvedApplication[];
  updated: ResolvedApplication[];
  removed: RegisteredApp[];
}

/** The apps an agent manages, by name; replacing one origin's set reports what was added, changed and removed. */
export class AppRegistry {
  private readonly apps = new Map<string, RegisteredApp>();
  private sorted: RegisteredApp[] | undefined;
  private changes = 0;

  /** Grows with every replace: callers cache what they derive from the list until it moves. */
  get version(): number {
    return this.changes;
  }

  get(name: string): RegisteredApp | undefined {
    return this.apps.get(name);
  }
  list(): RegisteredApp[] {
    // Kept between changes: the dashboard lists 10,000 apps on each keystroke.
    this.sorted ??= [...this.apps.values()].sort((a, b) => a.app.name.localeCompare(b.app.name));
    return [...this.sorted];
  }
  size(): number {
    return this.apps.size;
  }

  /** Replaces every app of `origin` with `apps`. An app already owned by another origin is left to that origin. */
  replace(origin: AppOrigin, apps: ResolvedApplication[]): RegistryChange & { conflicts: string[] } {
    const same = (o: AppOrigin) =>
      o.kind === origin.kind &&
      (o.kind === 'file' ||
        (origin.kind === 'parent' && o.kind === 'parent' && o.parent === origin.parent) ||
        (origin.kind === 'cluster' && o.kind === 'cluster' && o.namespace === origin.namespace));
    const change: RegistryChange & { conflicts: string[] } = { added: [], updated: [], removed: [], conflicts: [] };
    this.sorted = undefined;
    this.changes++;
    const wanted = new Set(apps.map((a) => a.name));
    for (const [name, entry] of this.apps) {
      if (same(entry.origin) && !wanted.has(name)) {
        this.apps.delete(name);
        change.removed.push(entry);
      }
    }
    for (const app of apps) {
      const current = this.apps.get(app.name);
      if (current && !same(current.origin)) {
        change.conflicts.push(app.name);
        continue;
      }
      if (!current) change.added.push(app);
      // The same object: an unchanged file, not read again by the scanner.
      else if (current.app !== app && JSON.stringify(current.app) !== JSON.stringify(app)) change.updated.push(app);
      this.apps.set(app.name, { app, origin });
    }
    return change;
  }
}
