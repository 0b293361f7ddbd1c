import { hashPassword } from '../../auth/password-hash.js';
import { processIO, type CommandIO } from '../command-io.js';
import { defineCommand } from '../command-spec.js';
import { printHelp } from '../format-help.js';
import { parseCommand } from '../parse-command.js';
import { UsageError } from '../usage-error.js';

export const userSpec = defineCommand({
  name: 'user',
  summary: 'local users: print a password hash for the auth config',
  usage: ['user hash-password < password-file'],
  description: `Reads a password from standard input (never from the command line, which ps shows) and prints its
scrypt hash, for a user's passwordHash in the agent's --auth-config file.`,
  positionals: true,
  flags: [],
});

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > 4096) throw new Error('the password is longer than 4096 bytes');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

export async function user(argv: string[], io: CommandIO = processIO, input: () => Promise<string> = readStdin): Promise<number> {
  const { values, positionals } = parseCommand(userSpec, argv);
  if (values.help) return printHelp(io.out, userSpec);
  if (positionals.length !== 1 || positionals[0] !== 'hash-password')
    throw new UsageError('give hash-password (the password on standard input)', { command: 'user' });
  const password = await input();
  if (password.length < 8) {
    io.err('tideway user hash-password: the password must be at least 8 characters\n');
    return 2;
  }
  io.out(`${await hashPassword(password)}\n`);
  return 0;
}
