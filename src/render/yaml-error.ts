import { type Document, isCollection, type LineCounter, visit, type YAMLError } from 'yaml';

/** Where a YAML error is, for a message: its line, and its text (one line). */
export interface YamlErrorPlace {
  line: number;
  message: string;
}

/**
 * The line and message to show for the `yaml` library's `error` in `doc` (parsed with
 * `lineCounter`, `prettyErrors: false`): the line of the error's position, except for a flow
 * collection (`[`, `{`) left open, which the library reports where it gave up (often the next
 * line, or the end of the file): then the line where the collection opens.
 */
export function yamlErrorPlace(doc: Document.Parsed, error: YAMLError, lineCounter: LineCounter, fallbackLine: number): YamlErrorPlace {
  const first = error.message.split('\n')[0];
  const at = error.pos?.[0];
  if (at === undefined) return { line: error.linePos?.[0]?.line ?? fallbackLine, message: first };
  const line = lineCounter.linePos(at).line;
  if (!/^Flow (sequence|map) .*end with/.test(first)) return { line, message: first };
  let opened: number | undefined;
  visit(doc, {
    Collection(_key, node) {
      const range = node.range;
      if (!isCollection(node) || !node.flow || !range || range[0] >= at || range[1] !== at) return;
      opened = range[0];
    },
  });
  if (opened === undefined) return { line, message: first };
  const openLine = lineCounter.linePos(opened).line;
  const what = first.startsWith('Flow sequence') ? 'sequence' : 'mapping';
  return { line: openLine, message: `the flow ${what} opened on line ${openLine} is not closed (${first}, at line ${line})` };
}
