import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { lex, T } from './lex.js';

const names: Record<number, string> = {
  [T.Text]: 'text',
  [T.LeftDelim]: '{{',
  [T.RightDelim]: '}}',
  [T.Field]: 'field',
  [T.Identifier]: 'ident',
  [T.Space]: 'space',
  [T.Number]: 'number',
  [T.String]: 'string',
  [T.RawString]: 'raw',
  [T.CharConstant]: 'char',
  [T.Variable]: 'var',
  [T.Declare]: ':=',
  [T.Pipe]: '|',
  [T.EOF]: 'EOF',
  [T.Error]: 'error',
  [T.Dot]: 'dot',
  [T.If]: 'if',
  [T.End]: 'end',
  [T.Complex]: 'complex',
  [T.LeftParen]: '(',
  [T.RightParen]: ')',
  [T.Bool]: 'bool',
};

function items(input: string, left = '{{', right = '}}'): string[] {
  return lex(input, left, right, { breakOK: true, continueOK: true }).map((i) => `${names[i.typ] ?? i.typ}:${i.val}`);
}

describe('the lexer', () => {
  const cases: [string, string, string[]][] = [
    ['splits text and actions', 'a{{.X}}b', ['text:a', '{{:{{', 'field:.X', '}}:}}', 'text:b', 'EOF:']],
    ['trims spaces before {{- and after -}}', 'a \n {{- .X -}} \n b', ['text:a', '{{:{{', 'field:.X', '}}:}}', 'text:b', 'EOF:']],
    ['drops comments, trimming around them', 'a  {{- /* c */ -}}  b', ['text:a', 'text:b', 'EOF:']],
    [
      'reads variables, declarations and pipes',
      '{{$x := .Y | f}}',
      ['{{:{{', 'var:$x', 'space: ', ':=::=', 'space: ', 'field:.Y', 'space: ', '|:|', 'space: ', 'ident:f', '}}:}}', 'EOF:'],
    ],
    [
      'reads numbers, complex numbers, chars and strings',
      '{{1_000 0x1p-2 1+2i \'a\' "s" `r`}}',
      [
        '{{:{{',
        'number:1_000',
        'space: ',
        'number:0x1p-2',
        'space: ',
        'complex:1+2i',
        'space: ',
        "char:'a'",
        'space: ',
        'string:"s"',
        'space: ',
        'raw:`r`',
        '}}:}}',
        'EOF:',
      ],
    ],
    ['keeps a minus that is not a trim marker', '{{-3}}', ['{{:{{', 'number:-3', '}}:}}', 'EOF:']],
    ['honours custom delimiters', '[[.X]]{{.Y}}', ['{{:[[', 'field:.X', '}}:]]', 'text:{{.Y}}', 'EOF:']],
    ['reports an unclosed action', 'x{{.X', ['text:x', '{{:{{', 'field:.X', 'error:unclosed action']],
    ['reports an unterminated string', '{{"a}}', ['{{:{{', 'error:unterminated quoted string']],
    ['reports a bad number', '{{3k}}', ['{{:{{', 'error:bad number syntax: "3k"']],
  ];
  for (const [name, input, want] of cases)
    test(name, () => assert.deepEqual(items(input, ...(input.startsWith('[[') ? ['[[', ']]'] : [])), want));

  test('counts lines in text, raw strings and comments', () => {
    const its = lex('a\n{{/* x\n */}}{{`p\nq`}}\n{{.Y}}', '{{', '}}', { breakOK: true, continueOK: true });
    const y = its.find((i) => i.val === '.Y');
    assert.equal(y?.line, 5);
  });
});
