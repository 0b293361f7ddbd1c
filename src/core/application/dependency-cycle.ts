/**
 * The first dependency cycle among applications, as the names along it with the first repeated at
 * the end (`a -> b -> c -> a`); undefined when there is none. Dependencies on apps not in the list are
 * not cycles (the app waits for them to appear).
 */
export function findDependencyCycle(
  apps: ReadonlyArray<{ name: string; dependsOn?: ReadonlyArray<{ name: string }> }>,
): string[] | undefined {
  const edges = new Map(apps.map((a) => [a.name, (a.dependsOn ?? []).map((d) => d.name)]));
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (name: string): string[] | undefined => {
    if (state.get(name) === 'done') return undefined;
    if (state.get(name) === 'visiting') return [...path.slice(path.indexOf(name)), name];
    state.set(name, 'visiting');
    path.push(name);
    for (const next of edges.get(name) ?? []) {
      if (!edges.has(next)) continue;
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(name, 'done');
    return undefined;
  };
  for (const name of [...edges.keys()].sort()) {
    const cycle = visit(name);
    if (cycle) return cycle;
  }
  return undefined;
}

/** The message an app in a cycle is refused with. */
export function describeCycle(cycle: readonly string[]): string {
  return `dependency cycle: ${cycle.join(' -> ')} (spec.dependsOn): none of these apps syncs until the cycle is broken`;
}
