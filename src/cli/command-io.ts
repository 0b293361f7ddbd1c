/** Where a command writes and what time it is: the process's by default, a buffer and a fixed clock in tests. */
export interface CommandIO {
  out(text: string): void;
  err(text: string): void;
  now(): Date;
}

export const processIO: CommandIO = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  now: () => new Date(),
};
