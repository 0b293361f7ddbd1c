import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { roles, type Grant, type Role } from '../core/auth/authorize.js';
import { TidewayError } from '../core/errors.js';
import { parseDuration } from '../core/application/parse-duration.js';

/**
 * Who may sign in and what they may do, from the file given with `tideway agent --auth-config FILE`:
 *
 *   users:                       # local users (the user admin always exists, with the admin role)
 *     - name: alice
 *       passwordHash: scrypt$... # from `tideway user hash-password`; or set later by the admin API
 *       grants: [{ role: operator, apps: ["web-*"], namespaces: [web], clusters: [prod] }]
 *   oidc:                        # single sign-on (authorization code + PKCE)
 *     issuer: https://id.example.com
 *     clientId: tideway
 *     redirectUrl: https://tideway.example.com/auth/oidc/callback   # default: the agent's URL
 *     scopes: [openid, profile, email, groups]
 *     usernameClaim: preferred_username
 *     groupsClaim: groups
 *     groups:
 *       - { group: platform, grants: [{ role: admin }] }
 *   sessionTtl: 12h
 *
 * The client secret is never in the file: TIDEWAY_OIDC_CLIENT_SECRET, or TIDEWAY_OIDC_CLIENT_SECRET_FILE
 * naming a file that holds it.
 */
export interface LocalUserConfig {
  name: string;
  passwordHash?: string;
  grants: Grant[];
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret?: string;
  redirectUrl?: string;
  scopes: string[];
  usernameClaim: string;
  groupsClaim: string;
  groups: Array<{ group: string; grants: Grant[] }>;
}

export interface AuthConfig {
  users: LocalUserConfig[];
  oidc?: OidcConfig;
  sessionTtlMs: number;
}

export const defaultSessionTtlMs = 12 * 3_600_000;
export const adminUser = 'admin';

/** No config file: only the admin (and tokens). */
export const emptyAuthConfig: AuthConfig = { users: [], sessionTtlMs: defaultSessionTtlMs };

class ConfigError extends TidewayError {
  constructor(file: string, field: string, message: string) {
    super('InvalidApplication', `${file}: ${field}: ${message}`);
  }
}

const userName = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function onlyKeys(file: string, field: string, o: Obj, allowed: string[]): void {
  for (const k of Object.keys(o))
    if (!allowed.includes(k)) throw new ConfigError(file, `${field}.${k}`, `unknown field (expected ${allowed.join(', ')})`);
}

function stringList(file: string, field: string, v: unknown): string[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'string' && x !== ''))
    throw new ConfigError(file, field, 'must be a non-empty list of strings');
  return v as string[];
}

function grantsOf(file: string, field: string, v: unknown): Grant[] {
  if (!Array.isArray(v)) throw new ConfigError(file, field, 'must be a list of grants ({ role, apps?, namespaces?, clusters? })');
  return v.map((g, i) => {
    const f = `${field}[${i}]`;
    if (!isObj(g)) throw new ConfigError(file, f, 'must be a mapping');
    onlyKeys(file, f, g, ['role', 'apps', 'namespaces', 'clusters']);
    if (!roles.includes(g.role as Role)) throw new ConfigError(file, `${f}.role`, `must be one of ${roles.join(', ')}`);
    const grant: Grant = { role: g.role as Role };
    const apps = stringList(file, `${f}.apps`, g.apps);
    const namespaces = stringList(file, `${f}.namespaces`, g.namespaces);
    const clusters = stringList(file, `${f}.clusters`, g.clusters);
    if (apps) grant.apps = apps;
    if (namespaces) grant.namespaces = namespaces;
    if (clusters) grant.clusters = clusters;
    return grant;
  });
}

function str(file: string, field: string, v: unknown, required: boolean): string | undefined {
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'string' || v.trim() === '') throw new ConfigError(file, field, 'must be a non-empty string');
  return v.trim();
}

/** Reads a secret from the environment: `NAME`, or the file `NAME_FILE` names (trimmed). */
export function secretFromEnv(env: Record<string, string | undefined>, name: string): string | undefined {
  if (env[name]) return env[name];
  const file = env[`${name}_FILE`];
  if (!file) return undefined;
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new TidewayError('InvalidApplication', `${name}_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** Validates a parsed config; errors name the file and the field (`auth.yaml: users[1].grants[0].role: ...`). */
export function resolveAuthConfig(raw: unknown, file: string, env: Record<string, string | undefined> = process.env): AuthConfig {
  if (raw === null || raw === undefined) return emptyAuthConfig;
  if (!isObj(raw)) throw new ConfigError(file, '(top level)', 'must be a mapping');
  onlyKeys(file, '(top level)', raw, ['users', 'oidc', 'sessionTtl']);
  const users: LocalUserConfig[] = [];
  if (raw.users !== undefined) {
    if (!Array.isArray(raw.users)) throw new ConfigError(file, 'users', 'must be a list');
    const seen = new Set<string>();
    raw.users.forEach((u, i) => {
      const f = `users[${i}]`;
      if (!isObj(u)) throw new ConfigError(file, f, 'must be a mapping');
      onlyKeys(file, f, u, ['name', 'passwordHash', 'grants', 'password']);
      if ('password' in u)
        throw new ConfigError(
          file,
          `${f}.password`,
          'passwords are never written in the file: give passwordHash (tideway user hash-password)',
        );
      const name = str(file, `${f}.name`, u.name, true)!;
      if (!userName.test(name)) throw new ConfigError(file, `${f}.name`, 'must be 1-64 letters, digits, ".", "_", "@" or "-"');
      if (name === adminUser)
        throw new ConfigError(file, `${f}.name`, 'the user admin is built in (always the admin role); choose another name');
      if (seen.has(name)) throw new ConfigError(file, `${f}.name`, `"${name}" is listed twice`);
      seen.add(name);
      const passwordHash = str(file, `${f}.passwordHash`, u.passwordHash, false);
      if (passwordHash && !passwordHash.startsWith('scrypt$'))
        throw new ConfigError(file, `${f}.passwordHash`, 'must be a scrypt$ hash (tideway user hash-password)');
      users.push({ name, passwordHash, grants: grantsOf(file, `${f}.grants`, u.grants ?? []) });
    });
  }
  let oidc: OidcConfig | undefined;
  if (raw.oidc !== undefined) {
    const o = raw.oidc;
    if (!isObj(o)) throw new ConfigError(file, 'oidc', 'must be a mapping');
    onlyKeys(file, 'oidc', o, ['issuer', 'clientId', 'clientSecret', 'redirectUrl', 'scopes', 'usernameClaim', 'groupsClaim', 'groups']);
    if ('clientSecret' in o)
      throw new ConfigError(
        file,
        'oidc.clientSecret',
        'secrets are never written in the file: set TIDEWAY_OIDC_CLIENT_SECRET or TIDEWAY_OIDC_CLIENT_SECRET_FILE',
      );
    const issuer = str(file, 'oidc.issuer', o.issuer, true)!;
    if (!/^https?:\/\//.test(issuer)) throw new ConfigError(file, 'oidc.issuer', 'must be an http(s) URL');
    const redirectUrl = str(file, 'oidc.redirectUrl', o.redirectUrl, false);
    if (redirectUrl && !/^https?:\/\//.test(redirectUrl)) throw new ConfigError(file, 'oidc.redirectUrl', 'must be an http(s) URL');
    const groups: OidcConfig['groups'] = [];
    if (o.groups !== undefined) {
      if (!Array.isArray(o.groups)) throw new ConfigError(file, 'oidc.groups', 'must be a list of { group, grants }');
      o.groups.forEach((g, i) => {
        const f = `oidc.groups[${i}]`;
        if (!isObj(g)) throw new ConfigError(file, f, 'must be a mapping');
        onlyKeys(file, f, g, ['group', 'grants']);
        groups.push({ group: str(file, `${f}.group`, g.group, true)!, grants: grantsOf(file, `${f}.grants`, g.grants) });
      });
    }
    oidc = {
      issuer,
      clientId: str(file, 'oidc.clientId', o.clientId, true)!,
      clientSecret: secretFromEnv(env, 'TIDEWAY_OIDC_CLIENT_SECRET'),
      redirectUrl,
      scopes: stringList(file, 'oidc.scopes', o.scopes) ?? ['openid', 'profile', 'email', 'groups'],
      usernameClaim: str(file, 'oidc.usernameClaim', o.usernameClaim, false) ?? 'preferred_username',
      groupsClaim: str(file, 'oidc.groupsClaim', o.groupsClaim, false) ?? 'groups',
      groups,
    };
    if (!oidc.scopes.includes('openid')) throw new ConfigError(file, 'oidc.scopes', 'must include openid');
  }
  let sessionTtlMs = defaultSessionTtlMs;
  if (raw.sessionTtl !== undefined) {
    if (typeof raw.sessionTtl !== 'string') throw new ConfigError(file, 'sessionTtl', 'must be a duration such as 12h');
    sessionTtlMs = parseDuration(raw.sessionTtl, `${file}: sessionTtl`);
    if (sessionTtlMs < 60_000) throw new ConfigError(file, 'sessionTtl', 'must be at least 1m');
  }
  return { users, oidc, sessionTtlMs };
}

/** Reads and validates the config file (YAML). */
export function loadAuthConfig(file: string, env: Record<string, string | undefined> = process.env): AuthConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new TidewayError('InvalidApplication', `${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (text.length > 1024 * 1024) throw new TidewayError('InputTooLarge', `${file}: larger than 1 MiB`);
  let raw: unknown;
  try {
    raw = parse(text, { maxAliasCount: 100 });
  } catch (error) {
    const pos = (error as { linePos?: Array<{ line: number }> }).linePos?.[0];
    throw new TidewayError(
      'InvalidApplication',
      `${file}${pos ? `:${pos.line}` : ''}: not valid YAML: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  return resolveAuthConfig(raw, file, env);
}
