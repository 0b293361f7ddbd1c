/**
 * A set of associated templates (Go's *template.Template with its common map): parse files into
 * it, execute any of them by name. Helm mode adds what helm's pkg/engine does around text/template:
 * missingkey=zero, `<no value>` removed from output, and `include`/`tpl` bound to the set.
 */
import { BUILTINS, FuncError } from './builtins.js';
import { type ExecBudget, type ExecContext, type ExecLimits, execute, type MissingKey, newBudget, TemplateExecError } from './exec.js';
import { isEmptyTree } from './nodes.js';
import { parse, TemplateParseError, type Tree } from './parse.js';
import type { GoFunc, Value } from './value.js';

export interface TemplateLimits extends ExecLimits {
  /** Nested `include` calls of one template name (Helm: 1000). */
  maxIncludeDepth: number;
  /** Nesting of parenthesized pipelines in one action (Go: 10000). */
  maxParenDepth: number;
}

export const DEFAULT_LIMITS: TemplateLimits = {
  maxTemplateDepth: 1000,
  maxIncludeDepth: 1000,
  maxParenDepth: 10000,
  maxOutputBytes: 64 * 1024 * 1024,
  timeoutMs: 60_000,
};

export interface SetConfig {
  funcs: ReadonlyMap<string, GoFunc>;
  leftDelim: string;
  rightDelim: string;
  missingKey: MissingKey;
  helmMode: boolean;
  /** Bind Helm's `include` and `tpl` to the set (the `helm` func set). */
  bindInclude: boolean;
  limits: TemplateLimits;
}

/** Per top-level execution: the budget and Helm's include counter. */
interface RunState {
  budget: ExecBudget;
  included: Map<string, number>;
}

export class TemplateSet {
  private readonly trees: Map<string, Tree>;
  private run: RunState | undefined;
  private readonly ctx: ExecContext;
  private readonly localFuncs = new Map<string, GoFunc>();

  constructor(
    private readonly config: SetConfig,
    private readonly parent?: TemplateSet,
    /** The name under which this set parses `tpl` text (Helm: the root template's name). */
    readonly rootName = 'gotpl',
  ) {
    this.trees = new Map();
    if (config.bindInclude) {
      this.localFuncs.set('include', { params: ['string', 'any'], fn: (name: string, data: Value) => this.include(name, data) });
      this.localFuncs.set('tpl', { params: ['string', 'any'], fn: (text: string, data: Value) => this.tpl(text, data) });
    }
    this.ctx = {
      lookup: (name) => this.lookup(name),
      func: (name) => this.localFuncs.get(name) ?? config.funcs.get(name) ?? BUILTINS[name],
      get missingKey() {
        return config.missingKey;
      },
      limits: config.limits,
    };
  }

  private hasFunction(name: string): boolean {
    return this.localFuncs.has(name) || this.config.funcs.has(name) || Object.hasOwn(BUILTINS, name);
  }

  private lookup(name: string): Tree | undefined {
    return this.trees.get(name) ?? this.parent?.lookup(name);
  }

  /** Parses `text` as template `name` (and the templates it defines) into the set. Throws TemplateParseError. */
  parse(name: string, text: string): void {
    const trees = parse(name, text, {
      leftDelim: this.config.leftDelim,
      rightDelim: this.config.rightDelim,
      hasFunction: (n) => this.hasFunction(n),
      maxParenDepth: this.config.limits.maxParenDepth,
    });
    for (const [treeName, tree] of trees) {
      // Go's associate: an empty template never replaces an existing one.
      if (isEmptyTree(tree.root) && this.lookup(treeName)) continue;
      this.trees.set(treeName, tree);
    }
  }

  has(name: string): boolean {
    return this.lookup(name) !== undefined;
  }

  names(): string[] {
    const names = new Set<string>(this.parent ? this.parent.names() : []);
    for (const n of this.trees.keys()) names.add(n);
    return [...names].sort();
  }

  /** Executes template `name` with `data`. Throws TemplateExecError. */
  execute(name: string, data: Value): string {
    const outer = this.run;
    const run: RunState = outer ?? { budget: newBudget(this.config.limits), included: new Map() };
    this.run = run;
    try {
      const out = this.executeIn(run, name, data);
      return this.config.helmMode && !outer ? out.replaceAll('<no value>', '') : out;
    } finally {
      this.run = outer;
    }
  }

  private executeIn(run: RunState, name: string, data: Value): string {
    const tree = this.lookup(name);
    if (!tree) {
      if (this.trees.size === 0 && !this.parent)
        throw new TemplateExecError(`template: ${name}: "${name}" is an incomplete or empty template`);
      throw new TemplateExecError(
        `template: no template ${JSON.stringify(name)} associated with template ${JSON.stringify(this.rootName)}`,
      );
    }
    const saved = this.run;
    this.run = run;
    try {
      return execute(this.ctx, tree, name, data, run.budget);
    } finally {
      this.run = saved;
    }
  }

  /** Helm's include: execute a named template into a string, counting nesting per name. */
  private include(name: string, data: Value): string {
    const run = this.run ?? { budget: newBudget(this.config.limits), included: new Map() };
    const n = run.included.get(name) ?? 0;
    if (n > this.config.limits.maxIncludeDepth)
      throw new FuncError(`rendering template has a nested reference name: ${name}: unable to execute template`);
    run.included.set(name, n + 1);
    try {
      return this.executeIn(run, name, data);
    } finally {
      run.included.set(name, (run.included.get(name) ?? 1) - 1);
    }
  }

  /** Helm's tpl: parse text as a template of a child set (its defines stay there) and execute it. */
  private tpl(text: string, data: Value): string {
    const child = new TemplateSet(this.config, this, this.rootName);
    try {
      child.parse(this.rootName, text);
    } catch (e) {
      if (e instanceof TemplateParseError) throw new FuncError(`cannot parse template ${JSON.stringify(text)}: ${e.message}`);
      throw e;
    }
    const run = this.run ?? { budget: newBudget(this.config.limits), included: new Map() };
    let out: string;
    try {
      out = child.executeIn(run, this.rootName, data);
    } catch (e) {
      if (e instanceof TemplateExecError && e.code !== 'HELM_TEMPLATE_LIMIT')
        throw new FuncError(`error during tpl function execution for ${JSON.stringify(text)}: ${e.message}`);
      throw e;
    }
    return out.replaceAll('<no value>', '');
  }
}

export { FuncError };
