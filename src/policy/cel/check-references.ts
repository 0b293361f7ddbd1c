import type { Expr } from '@bufbuild/cel-spec/cel/expr/syntax_pb.js';

/** Names an identifier may stand for besides variables: CEL's type names (`type(x) == string`). */
const TYPE_NAMES = new Set(['int', 'uint', 'double', 'bool', 'string', 'bytes', 'list', 'map', 'null_type', 'type', 'dyn', 'google']);

/** Operators and internal functions (`_&&_`, `!_`, `@in`, `@not_strictly_false`): the planner knows them all. */
const OPERATOR = /^[_!@-]/;

/**
 * The first reference in a parsed expression to a variable that is not declared (else to a function
 * that is not known: an unknown variable explains an unknown method on it), as a message; undefined when every reference resolves. Comprehension variables
 * (`x` in `list.all(x, ...)`) are in scope inside their comprehension. The walk is iterative: a deeply
 * nested expression cannot overflow the stack here.
 */
export function unresolvedReference(
  root: Expr,
  variables: ReadonlySet<string>,
  hasFunction: (name: string) => boolean,
): string | undefined {
  const stack: Array<{ expr: Expr | undefined; scope: ReadonlySet<string> }> = [{ expr: root, scope: variables }];
  let unknownFunction: string | undefined;
  while (stack.length) {
    const { expr, scope } = stack.pop() as { expr: Expr | undefined; scope: ReadonlySet<string> };
    const kind = expr?.exprKind;
    switch (kind?.case) {
      case 'identExpr':
        if (!scope.has(kind.value.name) && !TYPE_NAMES.has(kind.value.name))
          return `undeclared reference to '${kind.value.name}' (known: ${[...variables].join(', ')})`;
        break;
      case 'selectExpr':
        stack.push({ expr: kind.value.operand, scope });
        break;
      case 'callExpr':
        if (!unknownFunction && !OPERATOR.test(kind.value.function) && !hasFunction(kind.value.function))
          unknownFunction = `unknown function '${kind.value.function}'`;
        if (kind.value.target) stack.push({ expr: kind.value.target, scope });
        for (const arg of kind.value.args) stack.push({ expr: arg, scope });
        break;
      case 'listExpr':
        for (const element of kind.value.elements) stack.push({ expr: element, scope });
        break;
      case 'structExpr':
        for (const entry of kind.value.entries) {
          if (entry.keyKind.case === 'mapKey') stack.push({ expr: entry.keyKind.value, scope });
          stack.push({ expr: entry.value, scope });
        }
        break;
      case 'comprehensionExpr': {
        const c = kind.value;
        stack.push({ expr: c.iterRange, scope }, { expr: c.accuInit, scope });
        const inner = new Set([...scope, c.iterVar, c.accuVar, ...(c.iterVar2 ? [c.iterVar2] : [])]);
        stack.push({ expr: c.loopCondition, scope: inner }, { expr: c.loopStep, scope: inner }, { expr: c.result, scope: inner });
        break;
      }
      default:
        break;
    }
  }
  return unknownFunction;
}
