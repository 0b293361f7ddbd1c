import type { Configuration } from 'openid-client';
import type { OidcConfig } from './auth-config.js';
import { importModule } from '../fs/import-module.js';

/** A single sign-on user as the identity provider vouched for them (ID token verified). */
export interface OidcIdentity {
  /** `sso:<username claim>`: what history and audit record; never a local user's name. */
  user: string;
  subject: string;
  groups: string[];
}

interface Pending {
  verifier: string;
  nonce: string;
  redirectUri: string;
  expires: number;
}

/** A sign-in must come back from the identity provider within this time. */
const pendingTtlMs = 10 * 60_000;
const maxPending = 10_000;

/**
 * OpenID Connect sign-in with openid-client: authorization code flow with PKCE (S256), a random state
 * (also bound to the browser by a cookie the route sets) and nonce, checked on the way back; the ID
 * token's signature, issuer, audience, expiry and nonce are verified by openid-client. Discovery is
 * read once (retried after a failure). `allowHttp`: an `http:` issuer (a provider on loopback, in tests).
 */
export function createOidcLogin(config: OidcConfig, options: { allowHttp?: boolean; now?: () => number } = {}) {
  const now = options.now ?? Date.now;
  const pending = new Map<string, Pending>();
  let discovered: Promise<Configuration> | undefined;

  async function client() {
    const oidc = await importModule('openid-client', () => import('openid-client'));
    discovered ??= oidc
      .discovery(
        new URL(config.issuer),
        config.clientId,
        undefined,
        config.clientSecret ? oidc.ClientSecretPost(config.clientSecret) : oidc.None(),
        options.allowHttp || config.issuer.startsWith('http:') ? { execute: [oidc.allowInsecureRequests] } : undefined,
      )
      .catch((error) => {
        discovered = undefined;
        throw new Error(`cannot read the OpenID configuration of ${config.issuer}: ${(error as Error).message}`, { cause: error });
      });
    return { oidc, configuration: await discovered };
  }

  function sweep() {
    const t = now();
    for (const [state, p] of pending) if (p.expires <= t) pending.delete(state);
    while (pending.size > maxPending) pending.delete(pending.keys().next().value!);
  }

  return {
    /** Where to send the browser, and the state to bind to it (cookie). */
    async start(redirectUri: string): Promise<{ url: string; state: string }> {
      const { oidc, configuration } = await client();
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      sweep();
      pending.set(state, { verifier, nonce, redirectUri, expires: now() + pendingTtlMs });
      const url = oidc.buildAuthorizationUrl(configuration, {
        redirect_uri: redirectUri,
        scope: config.scopes.join(' '),
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      return { url: url.href, state };
    },

    /**
     * Completes a sign-in from the callback URL. `boundState` is the state cookie of the browser that
     * started it: a callback with another state (a sign-in started elsewhere) is refused.
     */
    async finish(callbackUrl: URL, boundState: string | undefined): Promise<OidcIdentity> {
      const state = callbackUrl.searchParams.get('state') ?? '';
      const p = pending.get(state);
      if (!p || p.expires <= now()) throw new Error('this sign-in is unknown or expired; start again');
      if (!boundState || boundState !== state) throw new Error('this sign-in was started in another browser; start again');
      pending.delete(state);
      const { oidc, configuration } = await client();
      // The callback's own URL as the provider was told (the agent may sit behind a proxy).
      const current = new URL(p.redirectUri);
      current.search = callbackUrl.search;
      const tokens = await oidc.authorizationCodeGrant(configuration, current, {
        pkceCodeVerifier: p.verifier,
        expectedState: state,
        expectedNonce: p.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims) throw new Error('the identity provider returned no ID token');
      const name = [claims[config.usernameClaim], claims.email, claims.sub].find((v) => typeof v === 'string' && v !== '') as string;
      const rawGroups = claims[config.groupsClaim];
      const groups = Array.isArray(rawGroups) ? rawGroups.filter((g): g is string => typeof g === 'string').slice(0, 200) : [];
      return { user: `sso:${name.slice(0, 120)}`, subject: claims.sub, groups };
    },
  };
}

export type OidcLogin = ReturnType<typeof createOidcLogin>;
