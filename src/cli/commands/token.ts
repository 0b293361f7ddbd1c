import { agentFlags, clientFor, printJson, wantsJson } from '../agent-flags.js';
import { processIO, type CommandIO } from '../command-io.js';
import { defineCommand } from '../command-spec.js';
import { printHelp } from '../format-help.js';
import { formatTable } from '../format-table.js';
import { parseCommand } from '../parse-command.js';
import { UsageError } from '../usage-error.js';

export const tokenSpec = defineCommand({
  name: 'token',
  summary: "API tokens of the agent's users",
  usage: ['token create [--name NAME] [--expires 30d] [--user USER]', 'token list [--user USER | --all]', 'token revoke ID'],
  description: `API tokens of the running agent's users: a token acts as its user (with that user's roles) in
Authorization: Bearer <token>. The token is printed once, at creation; the agent keeps only its hash.
The CLI itself authenticates with the data dir's api-token file, which acts as the user admin:
only an admin creates, lists or revokes tokens of other users (--user, --all).`,
  positionals: true,
  flags: [
    { name: 'name', type: 'string', value: 'NAME', help: 'a label for the token (default "token")' },
    { name: 'expires', type: 'string', value: 'DURATION', help: 'lifetime: 90m, 12h, 30d (at most 366d); default: no expiry' },
    { name: 'user', type: 'string', value: 'USER', help: "another user's tokens (admin only)" },
    { name: 'all', type: 'boolean', help: "list every user's tokens (admin only)" },
    ...agentFlags,
  ],
});

export async function token(argv: string[], io: CommandIO = processIO): Promise<number> {
  const { values, positionals } = parseCommand(tokenSpec, argv);
  if (values.help) return printHelp(io.out, tokenSpec);
  const [verb, ...rest] = positionals;
  if (!verb) throw new UsageError('give create, list or revoke ID', { command: 'token' });
  const json = wantsJson(values.output, 'token');
  const client = await clientFor(values);
  if (verb === 'create' && rest.length === 0) {
    const created = await client.createToken({ name: values.name ?? 'token', expiresIn: values.expires, user: values.user });
    if (json) printJson(io, created);
    else {
      io.out(`${created.token}\n`);
      io.err(
        `token ${created.id} for ${created.user}${created.expiresAt ? `, expires ${created.expiresAt}` : ', no expiry'}; it is not shown again\n`,
      );
    }
    return 0;
  }
  if (verb === 'list' && rest.length === 0) {
    const tokens = await client.listTokens({ user: values.user, all: values.all });
    if (json) printJson(io, { tokens });
    else if (tokens.length === 0) io.out('no tokens\n');
    else
      io.out(
        formatTable(
          ['ID', 'USER', 'NAME', 'CREATED', 'EXPIRES', 'LAST USED', 'STATE'],
          tokens.map((t) => [
            t.id,
            t.user,
            t.name,
            t.createdAt.slice(0, 16),
            t.expiresAt?.slice(0, 16) ?? '-',
            t.lastUsedAt?.slice(0, 16) ?? '-',
            t.revokedAt ? 'revoked' : t.expiresAt && t.expiresAt <= io.now().toISOString() ? 'expired' : 'active',
          ]),
        ) + '\n',
      );
    return 0;
  }
  if (verb === 'revoke' && rest.length === 1) {
    const result = await client.revokeToken(rest[0]);
    if (json) printJson(io, result);
    else io.out(`token ${rest[0]} revoked\n`);
    return 0;
  }
  throw new UsageError(`unknown or incomplete subcommand ${JSON.stringify(positionals.join(' '))}: give create, list or revoke ID`, {
    command: 'token',
  });
}
