/**
 * What one evaluation may spend. CEL has no loops of its own, but comprehensions over large lists nest
 * (`a.all(x, b.all(y, ...))`), so an evaluation is bounded by a cost (one unit per list element read,
 * per element a list function walks and per character a string function makes) and by wall time.
 */
export interface CelLimits {
  /** Default 1,000,000 units, about what Kubernetes allows one admission expression at run time. */
  maxCost?: number;
  /** Default 1 s (a first evaluation, before the JIT warms up, takes some 150 ms for 40,000 list reads). */
  timeoutMs?: number;
}

export const DEFAULT_MAX_COST = 1_000_000;
export const DEFAULT_TIMEOUT_MS = 1000;

/** Raised (and remembered) when an evaluation spends more than its budget. */
export class BudgetExceeded extends Error {}

/**
 * The budget of the evaluation under way. Evaluation is synchronous, so one evaluation runs at a time:
 * the values made by celInput read the budget of whichever is running (see `withBudget`).
 */
export class Budget {
  cost = 0;
  exceeded: string | undefined;
  private readonly maxCost: number;
  private readonly deadline: number;
  constructor(limits: CelLimits = {}, now: () => number = performance.now.bind(performance)) {
    this.maxCost = limits.maxCost ?? DEFAULT_MAX_COST;
    this.deadline = now() + (limits.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    this.now = now;
  }
  private readonly now: () => number;

  /** Counts `units`; throws once the budget is spent, and again on every later call. */
  spend(units = 1): void {
    if (this.exceeded) throw new BudgetExceeded(this.exceeded);
    this.cost += units;
    if (this.cost > this.maxCost) this.exceeded = `cost limit exceeded (more than ${this.maxCost} units)`;
    else if ((this.cost & 0x3ff) < units && this.now() > this.deadline) this.exceeded = 'time limit exceeded';
    if (this.exceeded) throw new BudgetExceeded(this.exceeded);
  }
}

let current: Budget | undefined;

/** Runs `evaluate` with `budget` as the one values and functions spend from. */
export function withBudget<T>(budget: Budget, evaluate: () => T): T {
  const outer = current;
  current = budget;
  try {
    return evaluate();
  } finally {
    current = outer;
  }
}

/** Spends from the evaluation under way (nothing outside one). */
export function spend(units = 1): void {
  current?.spend(units);
}
