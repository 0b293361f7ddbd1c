import { existsSync } from 'node:fs';
import { writePrivateFileSync } from '../fs/private-file.js';
import path from 'node:path';
import { createAuthService, type AuthService } from '../auth/auth-service.js';
import { emptyAuthConfig, type AuthConfig } from '../auth/auth-config.js';
import type { AuthStore } from '../auth/auth-store.js';
import { createOidcLogin, type OidcLogin } from '../auth/oidc-login.js';
import type { ScryptCost } from '../auth/password-hash.js';
import { openSqliteAuthStore } from '../auth/sqlite/sqlite-auth-store.js';
import type { Logger } from '../log/logger.js';
import type { AuditInput } from '../store/store.js';

export const initialAdminPasswordFile = 'initial-admin-password';

export interface AgentAuth {
  auth: AuthService;
  oidc?: OidcLogin;
  store: AuthStore;
  /** Set at the first start: where the admin's initial password was written. */
  initialPasswordFile?: string;
}

/**
 * The agent's sign-in: the auth tables in the agent's database, the user admin (at the first start a
 * random password, written to `<dataDir>/initial-admin-password`, mode 0600, and named in the log),
 * the data dir's api-token as the admin's token, and single sign-on when the config has it.
 */
export async function setUpAgentAuth(options: {
  dataDir: string;
  dbFile: string;
  config?: AuthConfig;
  adminToken: string;
  log: Logger;
  clock: () => Date;
  audit: (event: AuditInput) => void;
  scryptCost?: ScryptCost;
  /** Where sign-in state lives (default: the auth tables in `dbFile`). */
  store?: AuthStore;
}): Promise<AgentAuth> {
  const store = options.store ?? openSqliteAuthStore({ path: options.dbFile });
  const config = options.config ?? emptyAuthConfig;
  const auth = createAuthService({
    store,
    config,
    adminToken: options.adminToken,
    now: options.clock,
    audit: (e) => options.audit({ actor: e.actor, action: e.action, detail: e.detail }),
    scryptCost: options.scryptCost,
  });
  const { initialPassword } = await auth.ensureAdmin();
  let initialPasswordFile: string | undefined;
  const file = path.join(options.dataDir, initialAdminPasswordFile);
  if (initialPassword) {
    writePrivateFileSync(file, `${initialPassword}\n`);
    initialPasswordFile = file;
    options.log.warn(
      { file },
      `first start: the user admin's initial password is in ${file} (sign in to the dashboard, then delete the file)`,
    );
  } else if (existsSync(file)) initialPasswordFile = file;
  const oidc = config.oidc ? createOidcLogin(config.oidc) : undefined;
  return { auth, oidc, store, initialPasswordFile };
}
