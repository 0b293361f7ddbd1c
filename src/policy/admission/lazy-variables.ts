import type { CelInput } from '@bufbuild/cel';
import type { CelLimits, CelProgram } from '../cel/index.js';

/**
 * `variables` of a policy: each computed on first read and kept for the rest of that evaluation
 * (validations share them). A Map, so CEL reads `variables.x` through `get`. A variable whose
 * expression fails makes every expression that reads it fail, naming it; so does a cycle.
 */
export class LazyVariables extends Map<string, CelInput> {
  private readonly programs: Map<string, CelProgram>;
  private readonly activation: () => Record<string, unknown>;
  private readonly failed = new Map<string, string>();
  private readonly computing = new Set<string>();

  private readonly limits: () => CelLimits | undefined;

  constructor(
    programs: ReadonlyArray<{ name: string; program: CelProgram }>,
    activation: () => Record<string, unknown>,
    limits: () => CelLimits | undefined = () => undefined,
  ) {
    super();
    this.limits = limits;
    this.programs = new Map(programs.map((v) => [v.name, v.program]));
    this.activation = activation;
  }

  override get(name: string): CelInput | undefined {
    if (super.has(name)) return super.get(name);
    const program = this.programs.get(name);
    if (!program) return undefined;
    const failure = this.failed.get(name);
    if (failure) throw new Error(failure);
    if (this.computing.has(name)) throw new Error(`variables.${name} refers to itself`);
    this.computing.add(name);
    try {
      const outcome = program.evaluate(this.activation(), this.limits());
      if (!outcome.ok) {
        this.failed.set(name, `variables.${name}: ${outcome.error}`);
        throw new Error(`variables.${name}: ${outcome.error}`);
      }
      super.set(name, outcome.value as CelInput);
      return outcome.value as CelInput;
    } finally {
      this.computing.delete(name);
    }
  }

  override has(name: string): boolean {
    return this.programs.has(name);
  }
}
