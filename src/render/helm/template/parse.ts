/**
 * The parser of Go's text/template (text/template/parse/parse.go): items to trees, one per
 * template (the named one plus every `define` and `block` in its text), with Go's error messages.
 */
import { type Item, itemString, lex, T } from './lex.js';
import type {
  BranchNode,
  ChainNode,
  CommandNode,
  ListNode,
  Node,
  NumberNode,
  PipeNode,
  TemplateNode,
  TreeInfo,
  VariableNode,
} from './nodes.js';
import { isEmptyTree, nodeString } from './nodes.js';
import { parseFloatResult, parseInt64, parseUint, unquote, UnquoteError, unquoteCharLiteral } from './strconv.js';

export interface Tree extends TreeInfo {
  root: ListNode;
}

/** A template that failed to parse; the message is Go's (`template: NAME:LINE: ...`). */
export class TemplateParseError extends Error {
  readonly code = 'HELM_TEMPLATE_PARSE';
  constructor(message: string) {
    super(message);
    this.name = 'TemplateParseError';
  }
}

export interface ParseOptions {
  leftDelim: string;
  rightDelim: string;
  hasFunction: (name: string) => boolean;
  /** Nesting limit for parenthesized pipelines (Go: 10000). */
  maxParenDepth: number;
}

class Abort {
  constructor(readonly message: string) {}
}

/** Parses `text` as template `name`; returns every tree it defines (parse.Parse). */
export function parse(name: string, text: string, options: ParseOptions): Map<string, Tree> {
  const leftDelim = options.leftDelim || '{{';
  const rightDelim = options.rightDelim || '}}';
  const items = lex(text, leftDelim, rightDelim, {
    breakOK: !options.hasFunction('break'),
    continueOK: !options.hasFunction('continue'),
  });
  const treeSet = new Map<string, Tree>();
  const p = new Parser(items, text, name, treeSet, options);
  try {
    p.parseTop();
  } catch (e) {
    if (e instanceof Abort) throw new TemplateParseError(e.message);
    throw e;
  }
  return treeSet;
}

class Parser {
  private i = 0;
  private furthest = 0;
  private tree: Tree;
  private vars: string[] = ['$'];
  private rangeDepth = 0;
  private stackDepth = 0;
  private actionLine = 0;

  constructor(
    private readonly items: Item[],
    private readonly text: string,
    private readonly parseName: string,
    private readonly treeSet: Map<string, Tree>,
    private readonly options: ParseOptions,
  ) {
    this.tree = this.newTree(parseName);
  }

  private newTree(name: string): Tree {
    return { name, parseName: this.parseName, text: this.text, root: undefined as unknown as ListNode };
  }

  // ------------------------------------------------------------ token stream

  private next(): Item {
    const idx = this.i < this.items.length ? this.i : this.items.length - 1;
    this.i = idx + 1;
    if (idx > this.furthest) this.furthest = idx;
    return this.items[idx];
  }
  private backup(n = 1): void {
    this.i -= n;
  }
  private peek(): Item {
    const item = this.next();
    this.backup();
    return item;
  }
  private nextNonSpace(): Item {
    let t: Item;
    do t = this.next();
    while (t.typ === T.Space);
    return t;
  }
  private peekNonSpace(): Item {
    const t = this.nextNonSpace();
    this.backup();
    return t;
  }

  private errorf(msg: string): never {
    const line = this.items[Math.min(this.furthest, this.items.length - 1)]?.line ?? 1;
    throw new Abort(`template: ${this.parseName}:${line}: ${msg}`);
  }
  private expect(typ: T, context: string): Item {
    const token = this.nextNonSpace();
    if (token.typ !== typ) this.unexpected(token, context);
    return token;
  }
  private expectOneOf(a: T, b: T, context: string): Item {
    const token = this.nextNonSpace();
    if (token.typ !== a && token.typ !== b) this.unexpected(token, context);
    return token;
  }
  private unexpected(token: Item, context: string): never {
    if (token.typ === T.Error) {
      let extra = '';
      if (this.actionLine !== 0 && this.actionLine !== token.line) {
        extra = ` in action started at ${this.parseName}:${this.actionLine}`;
        if (token.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      this.errorf(`${itemString(token)}${extra}`);
    }
    this.errorf(`unexpected ${itemString(token)} in ${context}`);
  }

  private unquote(token: Item): string {
    try {
      return unquote(token.val);
    } catch (e) {
      if (e instanceof UnquoteError) this.errorf(e.message);
      throw e;
    }
  }

  // ------------------------------------------------------------ trees

  private add(tree: Tree): void {
    const existing = this.treeSet.get(tree.name);
    if (!existing || isEmptyTree(existing.root)) {
      this.treeSet.set(tree.name, tree);
      return;
    }
    if (!isEmptyTree(tree.root)) this.errorf(`template: multiple definition of template ${JSON.stringify(tree.name)}`);
  }

  private list(pos: number): ListNode {
    return { type: 'list', pos, tree: this.tree, nodes: [] };
  }

  parseTop(): void {
    const tree = this.tree;
    tree.root = this.list(this.peek().pos);
    while (this.peek().typ !== T.EOF) {
      if (this.peek().typ === T.LeftDelim) {
        const mark = this.i;
        this.next();
        if (this.nextNonSpace().typ === T.Define) {
          this.parseDefinition();
          this.tree = tree;
          continue;
        }
        this.i = mark;
      }
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else') this.errorf(`unexpected ${nodeString(n)}`);
      tree.root.nodes.push(n);
    }
    this.add(tree);
  }

  private withTree<R>(tree: Tree, fn: () => R): R {
    const saved = { tree: this.tree, vars: this.vars, rangeDepth: this.rangeDepth, actionLine: this.actionLine };
    this.tree = tree;
    this.vars = ['$'];
    this.rangeDepth = 0;
    try {
      return fn();
    } finally {
      this.tree = saved.tree;
      this.vars = saved.vars;
      this.rangeDepth = saved.rangeDepth;
      this.actionLine = saved.actionLine;
    }
  }

  private parseDefinition(): void {
    const context = 'define clause';
    const tree = this.newTree('definition');
    this.withTree(tree, () => {
      const name = this.expectOneOf(T.String, T.RawString, context);
      tree.name = this.unquote(name);
      this.expect(T.RightDelim, context);
      const { list, next } = this.itemList();
      if (next.type !== 'end') this.errorf(`unexpected ${nodeString(next)} in ${context}`);
      tree.root = list;
      this.add(tree);
    });
  }

  private itemList(): { list: ListNode; next: Node } {
    const list = this.list(this.peekNonSpace().pos);
    while (this.peekNonSpace().typ !== T.EOF) {
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else') return { list, next: n };
      list.nodes.push(n);
    }
    this.errorf('unexpected EOF');
  }

  private textOrAction(): Node {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case T.Text:
        return { type: 'text', pos: token.pos, tree: this.tree, text: token.val };
      case T.LeftDelim: {
        this.actionLine = token.line;
        try {
          return this.action();
        } finally {
          this.actionLine = 0;
        }
      }
      case T.Comment:
        return { type: 'comment', pos: token.pos, tree: this.tree, text: token.val };
      default:
        this.unexpected(token, 'input');
    }
  }

  private action(): Node {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case T.Block:
        return this.blockControl();
      case T.Break:
        return this.breakControl(token, 'break');
      case T.Continue:
        return this.breakControl(token, 'continue');
      case T.Else:
        return this.elseControl();
      case T.End:
        return { type: 'end', pos: this.expect(T.RightDelim, 'end').pos, tree: this.tree };
      case T.If:
        return this.branch('if');
      case T.Range:
        return this.branch('range');
      case T.Template:
        return this.templateControl();
      case T.With:
        return this.branch('with');
    }
    this.backup();
    const t = this.peek();
    return { type: 'action', pos: t.pos, line: t.line, tree: this.tree, pipe: this.pipeline('command', T.RightDelim) };
  }

  private breakControl(token: Item, kind: 'break' | 'continue'): Node {
    const t = this.nextNonSpace();
    if (t.typ !== T.RightDelim) this.unexpected(t, `{{${kind}}}`);
    if (this.rangeDepth === 0) this.errorf(`{{${kind}}} outside {{range}}`);
    return { type: kind, pos: token.pos, line: token.line, tree: this.tree };
  }

  private pipeline(context: string, end: T): PipeNode {
    const token = this.peekNonSpace();
    const pipe: PipeNode = { type: 'pipe', pos: token.pos, line: token.line, tree: this.tree, isAssign: false, decl: [], cmds: [] };
    for (;;) {
      const v = this.peekNonSpace();
      if (v.typ !== T.Variable) break;
      const markBeforeVar = this.i;
      this.nextNonSpace();
      const next = this.peekNonSpace();
      if (next.typ === T.Assign || next.typ === T.Declare) {
        pipe.isAssign = next.typ === T.Assign;
        this.nextNonSpace();
        pipe.decl.push(this.variable(v.pos, v.val));
        this.vars.push(v.val);
        break;
      }
      if (next.typ === T.Char && next.val === ',') {
        this.nextNonSpace();
        pipe.decl.push(this.variable(v.pos, v.val));
        this.vars.push(v.val);
        if (context === 'range' && pipe.decl.length < 2) {
          const t = this.peekNonSpace().typ;
          if (t === T.Variable || t === T.RightDelim || t === T.RightParen) continue;
          this.errorf('range can only initialize variables');
        }
        this.errorf(`too many declarations in ${context}`);
      }
      // Go backs up to the variable (backup2/backup3) and reads it as an operand.
      this.i = markBeforeVar;
      break;
    }
    for (;;) {
      const token = this.nextNonSpace();
      switch (token.typ) {
        case end:
          this.checkPipeline(pipe, context);
          return pipe;
        case T.Bool:
        case T.CharConstant:
        case T.Complex:
        case T.Dot:
        case T.Field:
        case T.Identifier:
        case T.Number:
        case T.Nil:
        case T.RawString:
        case T.String:
        case T.Variable:
        case T.LeftParen:
          this.backup();
          pipe.cmds.push(this.command());
          break;
        default:
          this.unexpected(token, context);
      }
    }
  }

  private checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
    for (let i = 1; i < pipe.cmds.length; i++) {
      const t = pipe.cmds[i].args[0].type;
      if (t === 'bool' || t === 'dot' || t === 'nil' || t === 'number' || t === 'string')
        this.errorf(`non executable command in pipeline stage ${i + 1}`);
    }
  }

  private branch(context: 'if' | 'range' | 'with'): BranchNode {
    const varsMark = this.vars.length;
    try {
      const pipe = this.pipeline(context, T.RightDelim);
      if (context === 'range') this.rangeDepth++;
      let { list, next } = this.itemList();
      if (context === 'range') this.rangeDepth--;
      let elseList: ListNode | undefined;
      if (next.type === 'else') {
        const p = this.peek().typ;
        if ((context === 'if' && p === T.If) || (context === 'with' && p === T.With)) {
          this.next();
          elseList = this.list(next.pos);
          elseList.nodes.push(this.branch(context));
        } else {
          ({ list: elseList, next } = this.itemList());
          if (next.type !== 'end') this.errorf(`expected end; found ${nodeString(next)}`);
        }
      }
      return { type: context, pos: pipe.pos, line: pipe.line, tree: this.tree, pipe, list, elseList };
    } finally {
      this.vars.length = varsMark;
    }
  }

  private elseControl(): Node {
    const peek = this.peekNonSpace();
    if (peek.typ === T.If || peek.typ === T.With) return { type: 'else', pos: peek.pos, line: peek.line, tree: this.tree };
    const token = this.expect(T.RightDelim, 'else');
    return { type: 'else', pos: token.pos, line: token.line, tree: this.tree };
  }

  private blockControl(): Node {
    const context = 'block clause';
    const token = this.nextNonSpace();
    const name = this.parseTemplateName(token, context);
    const pipe = this.pipeline(context, T.RightDelim);
    const block = this.newTree(name);
    this.withTree(block, () => {
      const { list, next } = this.itemList();
      if (next.type !== 'end') this.errorf(`unexpected ${nodeString(next)} in ${context}`);
      block.root = list;
      this.add(block);
    });
    return this.templateNode(token, name, pipe);
  }

  private templateNode(token: Item, name: string, pipe: PipeNode | undefined): TemplateNode {
    return { type: 'template', pos: token.pos, line: token.line, tree: this.tree, name, pipe };
  }

  private templateControl(): Node {
    const context = 'template clause';
    const token = this.nextNonSpace();
    const name = this.parseTemplateName(token, context);
    let pipe: PipeNode | undefined;
    if (this.nextNonSpace().typ !== T.RightDelim) {
      this.backup();
      pipe = this.pipeline(context, T.RightDelim);
    }
    return this.templateNode(token, name, pipe);
  }

  private parseTemplateName(token: Item, context: string): string {
    if (token.typ === T.String || token.typ === T.RawString) return this.unquote(token);
    this.unexpected(token, context);
  }

  private command(): CommandNode {
    const cmd: CommandNode = { type: 'command', pos: this.peekNonSpace().pos, tree: this.tree, args: [] };
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand) cmd.args.push(operand);
      const token = this.next();
      if (token.typ === T.Space) continue;
      if (token.typ === T.RightDelim || token.typ === T.RightParen) this.backup();
      else if (token.typ !== T.Pipe) this.unexpected(token, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.errorf('empty command');
    return cmd;
  }

  private operand(): Node | undefined {
    let node = this.term();
    if (!node) return undefined;
    if (this.peek().typ === T.Field) {
      const chain: ChainNode = { type: 'chain', pos: this.peek().pos, tree: this.tree, node, field: [] };
      while (this.peek().typ === T.Field) chain.field.push(this.next().val.slice(1));
      switch (node.type) {
        case 'field':
          node = { type: 'field', pos: chain.pos, tree: this.tree, ident: [...node.ident, ...chain.field] };
          break;
        case 'variable':
          node = { type: 'variable', pos: chain.pos, tree: this.tree, ident: [...node.ident, ...chain.field] };
          break;
        case 'bool':
        case 'string':
        case 'number':
        case 'nil':
        case 'dot':
          this.errorf(`unexpected . after term ${JSON.stringify(nodeString(node))}`);
          break;
        default:
          node = chain;
      }
    }
    return node;
  }

  private variable(pos: number, name: string): VariableNode {
    return { type: 'variable', pos, tree: this.tree, ident: name.split('.') };
  }

  private term(): Node | undefined {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case T.Identifier:
        if (!this.options.hasFunction(token.val)) this.errorf(`function ${JSON.stringify(token.val)} not defined`);
        return { type: 'identifier', pos: token.pos, tree: this.tree, ident: token.val };
      case T.Dot:
        return { type: 'dot', pos: token.pos, tree: this.tree };
      case T.Nil:
        return { type: 'nil', pos: token.pos, tree: this.tree };
      case T.Variable: {
        const v = this.variable(token.pos, token.val);
        if (!this.vars.includes(v.ident[0])) this.errorf(`undefined variable ${JSON.stringify(v.ident[0])}`);
        return v;
      }
      case T.Field:
        return { type: 'field', pos: token.pos, tree: this.tree, ident: token.val.slice(1).split('.') };
      case T.Bool:
        return { type: 'bool', pos: token.pos, tree: this.tree, value: token.val === 'true' };
      case T.CharConstant:
      case T.Complex:
      case T.Number:
        return this.number(token);
      case T.LeftParen: {
        if (this.stackDepth >= this.options.maxParenDepth) this.errorf('max expression depth exceeded');
        this.stackDepth++;
        try {
          return this.pipeline('parenthesized pipeline', T.RightParen);
        } finally {
          this.stackDepth--;
        }
      }
      case T.String:
      case T.RawString:
        return { type: 'string', pos: token.pos, tree: this.tree, quoted: token.val, text: this.unquote(token) };
    }
    this.backup();
    return undefined;
  }

  private number(token: Item): NumberNode {
    const r = classifyNumber(token.val, token.typ === T.CharConstant ? 'char' : token.typ === T.Complex ? 'complex' : 'number');
    if (typeof r === 'string') this.errorf(r);
    return { ...r, type: 'number', pos: token.pos, tree: this.tree, text: token.val };
  }
}

export type NumberInfo = Pick<NumberNode, 'isInt' | 'isUint' | 'isFloat' | 'isComplex' | 'int64' | 'uint64' | 'float64' | 'complex'>;

/** parse.newNumber: how Go classifies a number literal. Returns an error message on failure. */
export function classifyNumber(text: string, kind: 'char' | 'complex' | 'number'): NumberInfo | string {
  const n: NumberInfo = {
    isInt: false,
    isUint: false,
    isFloat: false,
    isComplex: false,
    int64: 0n,
    uint64: 0n,
    float64: 0,
    complex: [0, 0],
  };
  if (kind === 'char') {
    let cp: number;
    try {
      cp = unquoteCharLiteral(text);
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
    n.int64 = n.uint64 = BigInt(cp);
    n.float64 = cp;
    n.isInt = n.isUint = n.isFloat = true;
    return n;
  }
  if (kind === 'complex') {
    const m = /^([+-]?.*?[^eEpP+-])([+-].*)i$/.exec(text);
    const re = m ? parseFloatResult(m[1]) : undefined;
    const im = m ? parseFloatResult(m[2]) : undefined;
    if (!re?.ok || !im?.ok) return `expected integer`;
    n.isComplex = true;
    n.complex = [re.value, im.value];
    simplifyComplex(n);
    return n;
  }
  if (text.endsWith('i')) {
    const f = parseFloatResult(text.slice(0, -1));
    if (f?.ok) {
      n.isComplex = true;
      n.complex = [0, f.value];
      simplifyComplex(n);
      return n;
    }
  }
  const u = parseUint(text);
  if (u !== undefined) {
    n.isUint = true;
    n.uint64 = u;
  }
  const i = parseInt64(text);
  if (i !== undefined) {
    n.isInt = true;
    n.int64 = i;
    if (i === 0n) {
      n.isUint = true;
      n.uint64 = u ?? 0n;
    }
  }
  if (n.isInt) {
    n.isFloat = true;
    n.float64 = Number(n.int64);
  } else if (n.isUint) {
    n.isFloat = true;
    n.float64 = Number(n.uint64);
  } else {
    const f = parseFloatResult(text);
    if (f?.ok) {
      if (!/[.eEpP]/.test(text)) return `integer overflow: ${JSON.stringify(text)}`;
      n.isFloat = true;
      n.float64 = f.value;
      if (Number.isInteger(f.value) && Math.abs(f.value) < 2 ** 63) {
        n.isInt = true;
        n.int64 = BigInt(f.value);
      }
      if (Number.isInteger(f.value) && f.value >= 0 && f.value < 2 ** 64) {
        n.isUint = true;
        n.uint64 = BigInt(f.value);
      }
    }
  }
  if (!n.isInt && !n.isUint && !n.isFloat) return `illegal number syntax: ${JSON.stringify(text)}`;
  return n;
}

function simplifyComplex(n: NumberInfo): void {
  n.isFloat = n.complex[1] === 0;
  if (n.isFloat) {
    n.float64 = n.complex[0];
    n.isInt = Number.isInteger(n.float64) && Math.abs(n.float64) < 2 ** 63;
    if (n.isInt) n.int64 = BigInt(n.float64);
    n.isUint = Number.isInteger(n.float64) && n.float64 >= 0 && n.float64 < 2 ** 64;
    if (n.isUint) n.uint64 = BigInt(n.float64);
  }
}
