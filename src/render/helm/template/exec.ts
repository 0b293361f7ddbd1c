/**
 * The executor of Go's text/template (text/template/exec.go): walks a parse tree with data and
 * writes text, with Go's semantics for fields, maps, methods, variables, pipelines, function
 * arguments (typed, checked as reflection checks them), truth, range and errors
 * (`template: NAME:LINE:COL: executing "NAME" at <NODE>: MESSAGE`).
 */
import { formatValue } from './fmt.js';
import type { BranchNode, ChainNode, FieldNode, IdentifierNode, Node, NumberNode, PipeNode, VariableNode } from './nodes.js';
import { errorContext, nodeString } from './nodes.js';
import type { Tree } from './parse.js';
import {
  GoComplex,
  type GoFunc,
  GoNamedMap,
  GoObject,
  isTrue,
  NO_FIELD,
  type ParamType,
  sortedKeys,
  TypedInt,
  typeName,
  type Value,
} from './value.js';

/** Execution failed; the message is Go's. */
export class TemplateExecError extends Error {
  readonly code: string = 'HELM_TEMPLATE_EXEC';
  constructor(message: string) {
    super(message);
    this.name = 'TemplateExecError';
  }
}

/** A limit (time, output size, recursion) stopped execution: never wrapped as a function error. */
export class TemplateLimitError extends TemplateExecError {
  override readonly code = 'HELM_TEMPLATE_LIMIT';
  constructor(message: string) {
    super(message);
    this.name = 'TemplateLimitError';
  }
}

export type MissingKey = 'default' | 'zero' | 'error';

export interface ExecLimits {
  /** Nested {{template}} calls (Go: 100000; Node's stack holds far fewer). */
  maxTemplateDepth: number;
  /** Bytes of output of one execution. */
  maxOutputBytes: number;
  /** Wall-clock milliseconds of one top-level execution. */
  timeoutMs: number;
}

/** What the executor needs from the template set. */
export interface ExecContext {
  lookup(name: string): Tree | undefined;
  func(name: string): GoFunc | undefined;
  readonly missingKey: MissingKey;
  readonly limits: ExecLimits;
}

/** Shared by every state of one top-level execution (includes and tpl included): limits. */
export interface ExecBudget {
  deadline: number;
  steps: number;
  output: number;
}

const MISSING: unique symbol = Symbol('missing final argument');
type Final = Value | typeof MISSING;

const BREAK = { kind: 'break' };
const CONTINUE = { kind: 'continue' };

interface Variable {
  name: string;
  value: Value;
}

export function newBudget(limits: ExecLimits): ExecBudget {
  return { deadline: Date.now() + limits.timeoutMs, steps: 0, output: 0 };
}

/** Executes tree `tree` (named `name`) with `data`; returns the text. */
export function execute(ctx: ExecContext, tree: Tree, name: string, data: Value, budget: ExecBudget): string {
  const state = new State(ctx, name, budget);
  const dot = data === null ? undefined : data;
  state.vars.push({ name: '$', value: dot });
  try {
    state.walk(dot, tree.root);
  } catch (e) {
    if (e instanceof RangeError && /call stack/i.test(e.message))
      throw new TemplateLimitError(`template: ${name}: recursion too deep (the JavaScript stack is exhausted)`);
    throw e;
  }
  return state.out;
}

class State {
  out = '';
  vars: Variable[] = [];
  node: Node | undefined;
  depth = 0;

  constructor(
    readonly ctx: ExecContext,
    public tmplName: string,
    readonly budget: ExecBudget,
  ) {}

  // ------------------------------------------------------------ errors

  errorf(msg: string): never {
    const name = this.tmplName;
    if (!this.node) throw new TemplateExecError(`template: ${name}: ${msg}`);
    const { location, context } = errorContext(this.node);
    throw new TemplateExecError(`template: ${location}: executing ${JSON.stringify(name)} at <${context}>: ${msg}`);
  }

  write(s: string): void {
    this.out += s;
    this.budget.output += s.length;
    if (this.budget.output > this.ctx.limits.maxOutputBytes)
      throw new TemplateLimitError(
        `template: ${this.tmplName}: output exceeds the limit of ${this.ctx.limits.maxOutputBytes} bytes (limits.maxOutputBytes)`,
      );
  }

  tick(): void {
    if ((++this.budget.steps & 1023) === 0 && Date.now() > this.budget.deadline)
      throw new TemplateLimitError(
        `template: ${this.tmplName}: execution took longer than ${this.ctx.limits.timeoutMs} ms (limits.timeoutMs)`,
      );
  }

  // ------------------------------------------------------------ variables

  mark(): number {
    return this.vars.length;
  }
  pop(mark: number): void {
    this.vars.length = mark;
  }
  setVar(name: string, value: Value): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i].name === name) {
        this.vars[i].value = value;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }
  setTopVar(n: number, value: Value): void {
    this.vars[this.vars.length - n].value = value;
  }
  varValue(name: string): Value {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i].name === name) return this.vars[i].value;
    this.errorf(`undefined variable: ${name}`);
  }

  // ------------------------------------------------------------ walking

  walk(dot: Value, node: Node): void {
    this.node = node;
    this.tick();
    switch (node.type) {
      case 'action': {
        const val = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.printValue(node, val);
        return;
      }
      case 'break':
        throw BREAK;
      case 'continue':
        throw CONTINUE;
      case 'comment':
        return;
      case 'if':
      case 'with':
        this.walkIfOrWith(dot, node);
        return;
      case 'list':
        for (const n of node.nodes) this.walk(dot, n);
        return;
      case 'range':
        this.walkRange(dot, node);
        return;
      case 'template':
        this.walkTemplate(dot, node);
        return;
      case 'text':
        this.write(node.text);
        return;
      default:
        this.errorf(`unknown node: ${nodeString(node)}`);
    }
  }

  walkIfOrWith(dot: Value, node: BranchNode): void {
    const mark = this.mark();
    try {
      const val = this.evalPipeline(dot, node.pipe);
      if (isTrue(val)) this.walk(node.type === 'with' ? val : dot, node.list);
      else if (node.elseList) this.walk(dot, node.elseList);
    } finally {
      this.pop(mark);
    }
  }

  walkRange(dot: Value, r: BranchNode): void {
    this.node = r;
    const outer = this.mark();
    try {
      const val = this.evalPipeline(dot, r.pipe);
      const mark = this.mark();
      const decl = r.pipe.decl;
      const one = (index: Value, elem: Value): boolean => {
        if (decl.length > 0) {
          if (r.pipe.isAssign) {
            if (decl.length > 1) this.setVar(decl[0].ident[0], index);
            else this.setVar(decl[0].ident[0], elem);
          } else this.setTopVar(1, elem);
        }
        if (decl.length > 1) {
          if (r.pipe.isAssign) this.setVar(decl[1].ident[0], elem);
          else this.setTopVar(2, index);
        }
        try {
          this.walk(elem, r.list);
        } catch (e) {
          if (e === BREAK) return false;
          if (e !== CONTINUE) throw e;
        } finally {
          this.pop(mark);
        }
        return true;
      };
      if (Array.isArray(val)) {
        if (val.length > 0) {
          for (let i = 0; i < val.length; i++) if (!one(BigInt(i), val[i])) break;
          return;
        }
      } else if (val instanceof Map) {
        if (val.size > 0) {
          for (const k of sortedKeys(val)) if (!one(k, val.get(k))) break;
          return;
        }
      } else if (typeof val === 'bigint' || val instanceof TypedInt) {
        if (decl.length > 1) this.errorf(`can't use ${formatValue(val)} to iterate over more than one variable`);
        const n = typeof val === 'bigint' ? val : val.value;
        if (n > 0n) {
          for (let i = 0n; i < n; i++) {
            const v = typeof val === 'bigint' ? i : new TypedInt(val.type, i);
            if (!one(v, v)) break;
          }
          return;
        }
      } else if (val !== undefined && val !== null) {
        this.errorf(`range can't iterate over ${formatValue(val)}`);
      }
      if (r.elseList) this.walk(dot, r.elseList);
    } finally {
      this.pop(outer);
    }
  }

  walkTemplate(dot: Value, t: Node & { type: 'template' }): void {
    this.node = t;
    const tree = this.ctx.lookup(t.name);
    if (!tree) this.errorf(`template ${JSON.stringify(t.name)} not defined`);
    if (this.depth >= this.ctx.limits.maxTemplateDepth) {
      this.node = t;
      const { location, context } = errorContext(t);
      throw new TemplateLimitError(
        `template: ${location}: executing ${JSON.stringify(this.tmplName)} at <${context}>: exceeded maximum template depth (${this.ctx.limits.maxTemplateDepth})`,
      );
    }
    const newDot = this.evalPipeline(dot, t.pipe);
    const saved = { vars: this.vars, name: this.tmplName };
    this.depth++;
    this.tmplName = t.name;
    this.vars = [{ name: '$', value: newDot }];
    try {
      this.walk(newDot, tree.root);
    } finally {
      this.depth--;
      this.vars = saved.vars;
      this.tmplName = saved.name;
    }
  }

  // ------------------------------------------------------------ pipelines and commands

  evalPipeline(dot: Value, pipe: PipeNode | undefined): Value {
    if (!pipe) return undefined;
    this.node = pipe;
    let value: Final = MISSING;
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(dot, cmd, value);
      // Go: a nil interface{} result becomes the invalid value ("lovely!").
      if (value === null) value = undefined;
    }
    const v = value as Value;
    for (const d of pipe.decl) {
      if (pipe.isAssign) this.setVar(d.ident[0], v);
      else this.vars.push({ name: d.ident[0], value: v });
    }
    return v;
  }

  evalCommand(dot: Value, cmd: Node & { type: 'command' }, final: Final): Value {
    const first = cmd.args[0];
    switch (first.type) {
      case 'field':
        return this.evalFieldNode(dot, first, cmd.args, final);
      case 'chain':
        return this.evalChainNode(dot, first, cmd.args, final);
      case 'identifier':
        return this.evalFunction(dot, first, cmd, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case 'variable':
        return this.evalVariableNode(dot, first, cmd.args, final);
    }
    this.node = first;
    this.notAFunction(cmd.args, final);
    switch (first.type) {
      case 'bool':
        return first.value;
      case 'dot':
        return dot;
      case 'nil':
        this.errorf('nil is not a command');
        break;
      case 'number':
        return this.idealConstant(first);
      case 'string':
        return first.text;
    }
    this.errorf(`can't evaluate command ${JSON.stringify(nodeString(first))}`);
  }

  notAFunction(args: Node[], final: Final): void {
    if (args.length > 1 || final !== MISSING) this.errorf(`can't give argument to non-function ${nodeString(args[0])}`);
  }

  idealConstant(c: NumberNode): Value {
    this.node = c;
    if (c.isComplex) return new GoComplex(c.complex[0], c.complex[1]);
    const isHexInt = c.text.length > 2 && c.text[0] === '0' && (c.text[1] === 'x' || c.text[1] === 'X') && !/[pP]/.test(c.text);
    const isRune = c.text[0] === "'";
    if (c.isFloat && !isHexInt && !isRune && /[.eEpP]/.test(c.text)) return c.float64;
    if (c.isInt) return c.int64;
    if (c.isUint) this.errorf(`${c.text} overflows int`);
    return undefined;
  }

  evalFieldNode(dot: Value, field: FieldNode, args: Node[], final: Final): Value {
    this.node = field;
    return this.evalFieldChain(dot, dot, field, field.ident, args, final);
  }

  evalChainNode(dot: Value, chain: ChainNode, args: Node[] | null, final: Final): Value {
    this.node = chain;
    if (chain.node.type === 'nil') this.errorf(`indirection through explicit nil in ${nodeString(chain)}`);
    const pipe = this.evalArg(dot, null, chain.node);
    return this.evalFieldChain(dot, pipe, chain, chain.field, args, final);
  }

  evalVariableNode(dot: Value, v: VariableNode, args: Node[] | null, final: Final): Value {
    this.node = v;
    const value = this.varValue(v.ident[0]);
    if (v.ident.length === 1) {
      this.notAFunction(args ?? [v], final);
      return value;
    }
    return this.evalFieldChain(dot, value, v, v.ident.slice(1), args, final);
  }

  evalFieldChain(dot: Value, receiver: Value, node: Node, ident: string[], args: Node[] | null, final: Final): Value {
    const n = ident.length;
    let fromMap = false;
    for (let i = 0; i < n - 1; i++) {
      const wasMap = receiver instanceof Map;
      receiver = this.evalField(dot, ident[i], node, null, MISSING, receiver, fromMap);
      fromMap = wasMap;
    }
    return this.evalField(dot, ident[n - 1], node, args, final, receiver, fromMap);
  }

  evalField(dot: Value, fieldName: string, node: Node, args: Node[] | null, final: Final, receiver: Value, fromMap: boolean): Value {
    if (receiver === undefined) {
      if (this.ctx.missingKey === 'error') this.errorf(`nil data; no entry for key ${JSON.stringify(fieldName)}`);
      return undefined;
    }
    const typ = fromMap ? 'interface {}' : typeName(receiver);
    if (receiver === null) this.errorf(`nil pointer evaluating interface {}.${fieldName}`);
    if (receiver instanceof GoObject || receiver instanceof GoNamedMap) {
      const method = receiver.method(fieldName);
      if (method) return this.evalCall(dot, method, node, fieldName, args, final);
    }
    const hasArgs = (args !== null && args.length > 1) || final !== MISSING;
    if (receiver instanceof Map) {
      if (hasArgs) this.errorf(`${fieldName} is not a method but has arguments`);
      const result = receiver.get(fieldName);
      if (result === undefined) {
        switch (this.ctx.missingKey) {
          case 'zero':
            return null;
          case 'error':
            this.errorf(`map has no entry for key ${JSON.stringify(fieldName)}`);
        }
      }
      return result;
    }
    if (receiver instanceof GoObject) {
      const f = receiver.field(fieldName);
      if (f !== NO_FIELD) {
        if (hasArgs) this.errorf(`${fieldName} has arguments but cannot be invoked as function`);
        return f;
      }
    }
    this.errorf(`can't evaluate field ${fieldName} in type ${typ}`);
  }

  evalFunction(dot: Value, node: IdentifierNode, cmd: Node, args: Node[] | null, final: Final): Value {
    this.node = node;
    const fn = this.ctx.func(node.ident);
    if (!fn) this.errorf(`${JSON.stringify(node.ident)} is not a defined function`);
    return this.evalCall(dot, fn, cmd, node.ident, args, final);
  }

  evalCall(dot: Value, fn: GoFunc, node: Node, name: string, allArgs: Node[] | null, final: Final): Value {
    const args = allArgs ? allArgs.slice(1) : [];
    const numIn = args.length + (final !== MISSING ? 1 : 0);
    const params = fn.params;
    let numFixed = args.length;
    if (fn.variadic !== undefined) {
      numFixed = params.length;
      if (numIn < numFixed) this.errorf(`wrong number of args for ${name}: want at least ${params.length} got ${args.length}`);
    } else if (numIn !== params.length) this.errorf(`wrong number of args for ${name}: want ${params.length} got ${numIn}`);

    if (fn.special === 'and' || fn.special === 'or') {
      let v: Value;
      for (const arg of args) {
        v = this.evalArg(dot, 'value', arg);
        if (isTrue(v) === (fn.special === 'or')) return v;
      }
      if (final !== MISSING) v = this.validateType(final, 'value');
      return v;
    }

    const argv: Value[] = new Array(numIn);
    let i = 0;
    for (; i < numFixed && i < args.length; i++) argv[i] = this.evalArg(dot, params[i], args[i]);
    if (fn.variadic !== undefined) for (; i < args.length; i++) argv[i] = this.evalArg(dot, fn.variadic, args[i]);
    if (final !== MISSING) {
      let t: ParamType;
      if (fn.variadic !== undefined) t = numIn - 1 < numFixed ? params[numIn - 1] : fn.variadic;
      else t = params[params.length - 1];
      argv[i] = this.validateType(final, t);
    }
    if (fn.special === 'call') {
      const calleeName = args.length === 0 ? formatValue(final as Value) : nodeString(args[0]);
      argv.unshift(calleeName);
    }
    try {
      return fn.fn(...argv);
    } catch (e) {
      if (e instanceof TemplateLimitError) throw e;
      if (e instanceof RangeError && /call stack/i.test(e.message)) throw e;
      this.node = node;
      this.errorf(`error calling ${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  // ------------------------------------------------------------ arguments

  evalArg(dot: Value, typ: ParamType | null, n: Node): Value {
    this.node = n;
    switch (n.type) {
      case 'dot':
        return this.validateType(dot, typ);
      case 'nil':
        if (typ === null || typ === 'any' || typ === 'map' || typ === 'list') return null;
        if (typ === 'value') return undefined;
        this.errorf(`cannot assign nil to ${goTypeOf(typ)}`);
        break;
      case 'field':
        return this.validateType(this.evalFieldNode(dot, n, [n], MISSING), typ);
      case 'variable':
        return this.validateType(this.evalVariableNode(dot, n, null, MISSING), typ);
      case 'pipe':
        return this.validateType(this.evalPipeline(dot, n), typ);
      case 'identifier':
        return this.validateType(this.evalFunction(dot, n, n, null, MISSING), typ);
      case 'chain':
        return this.validateType(this.evalChainNode(dot, n, null, MISSING), typ);
    }
    switch (typ) {
      case 'bool':
        if (n.type === 'bool') return n.value;
        this.errorf(`expected bool; found ${nodeString(n)}`);
        break;
      case 'float64':
        if (n.type === 'number' && n.isFloat) return n.float64;
        this.errorf(`expected float; found ${nodeString(n)}`);
        break;
      case 'int':
        if (n.type === 'number' && n.isInt) return n.int64;
        this.errorf(`expected integer; found ${nodeString(n)}`);
        break;
      case 'int64':
        if (n.type === 'number' && n.isInt) return new TypedInt('int64', n.int64);
        this.errorf(`expected integer; found ${nodeString(n)}`);
        break;
      case 'uint32':
        if (n.type === 'number' && n.isUint && n.uint64 <= 0xffffffffn) return new TypedInt('uint32', n.uint64);
        this.errorf(`expected unsigned integer; found ${nodeString(n)}`);
        break;
      case 'string':
        if (n.type === 'string') return n.text;
        this.errorf(`expected string; found ${nodeString(n)}`);
        break;
      case 'any':
      case 'value':
      case null:
        switch (n.type) {
          case 'bool':
            return n.value;
          case 'number':
            return this.idealConstant(n);
          case 'string':
            return n.text;
        }
        break;
    }
    this.errorf(`can't handle ${nodeString(n)} for arg of type ${goTypeOf(typ)}`);
  }

  validateType(value: Value, typ: ParamType | null): Value {
    if (value === undefined) {
      if (typ === null || typ === 'value') return undefined;
      if (typ === 'any' || typ === 'map' || typ === 'list') return null;
      this.errorf(`invalid value; expected ${goTypeOf(typ)}`);
    }
    switch (typ) {
      case null:
      case 'any':
      case 'value':
        return value;
      case 'string':
        if (typeof value === 'string') return value;
        break;
      case 'int':
        if (typeof value === 'bigint') return value;
        break;
      case 'int64':
        if (value instanceof TypedInt && value.type === 'int64') return value;
        break;
      case 'uint32':
        if (value instanceof TypedInt && value.type === 'uint32') return value;
        break;
      case 'float64':
        if (typeof value === 'number') return value;
        break;
      case 'bool':
        if (typeof value === 'boolean') return value;
        break;
      case 'map':
        if (value instanceof Map) return value;
        break;
      case 'list':
        if (Array.isArray(value) && typeName(value) === '[]interface {}') return value;
        break;
      case 'time':
        if (value instanceof GoObject && value.goType === 'time.Time') return value;
        break;
    }
    this.errorf(`wrong type for value; expected ${goTypeOf(typ)}; got ${value === null ? 'interface {}' : typeName(value)}`);
  }

  printValue(node: Node, v: Value): void {
    this.node = node;
    if (v === undefined) this.write('<no value>');
    else if (typeof v === 'string') this.write(v);
    else this.write(formatValue(v));
  }
}

/** The Go type a parameter type stands for, as error messages name it. */
export function goTypeOf(t: ParamType | null): string {
  switch (t) {
    case null:
    case 'any':
      return 'interface {}';
    case 'value':
      return 'reflect.Value';
    case 'map':
      return 'map[string]interface {}';
    case 'list':
      return '[]interface {}';
    case 'time':
      return 'time.Time';
    default:
      return t;
  }
}
