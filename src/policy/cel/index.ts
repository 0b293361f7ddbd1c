export { createCelEnvironment, MAX_EXPRESSION_LENGTH } from './cel-environment.js';
export type { CelEnvironment, CelEnvironmentOptions, CelOutcome, CelProgram } from './cel-environment.js';
export type { CelLimits } from './cel-budget.js';
export { CelCompileError } from './cel-errors.js';
export { celInput, fromCel } from './cel-values.js';
