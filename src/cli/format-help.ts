import { type CommandSpec, type FlagSpec, helpFlag } from './command-spec.js';

function flagLabel(f: FlagSpec): string {
  const long = `--${f.name}${f.type === 'string' ? ` ${f.value ?? 'VALUE'}` : ''}`;
  return f.short ? `-${f.short}, ${long}` : `    ${long}`;
}

/** A command's `--help`, generated from its table: synopsis, description, one entry per flag, footer. */
export function formatHelp(spec: CommandSpec): string {
  const flags: readonly FlagSpec[] = [...spec.flags, helpFlag];
  const labels = flags.map(flagLabel);
  const width = Math.min(Math.max(...labels.map((l) => l.length)) + 2, 30);
  const rows = flags.flatMap((f, i) => {
    const [first, ...more] = `${f.help}${f.multiple ? ' (repeatable)' : ''}`.split('\n');
    const label = labels[i];
    const head = label.length + 2 > width ? [`  ${label}`, `  ${' '.repeat(width)}${first}`] : [`  ${label.padEnd(width)}${first}`];
    return [...head, ...more.map((m) => `  ${' '.repeat(width)}${m}`)];
  });
  const usage = spec.usage.map((u, i) => `${i === 0 ? 'usage: ' : '       '}tideway ${u}`);
  return [
    ...usage,
    ...(spec.description ? ['', spec.description] : []),
    '',
    'flags:',
    ...rows,
    ...(spec.footer ? ['', spec.footer] : []),
  ].join('\n');
}

/** Prints a command's help (asked for with --help or `tideway help CMD`): exit status 0. */
export function printHelp(write: (text: string) => void, spec: CommandSpec): 0 {
  write(`${formatHelp(spec)}\n`);
  return 0;
}
