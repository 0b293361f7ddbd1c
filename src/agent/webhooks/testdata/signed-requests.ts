import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { WebhookProvider, WebhookRequest } from '../webhook.js';

/** Test support: real signed requests for each provider, as each one documents sending them. */

export function fixture(name: string): Buffer {
  return readFileSync(new URL(name, import.meta.url));
}

export function fixtureJson(name: string): Record<string, any> {
  return JSON.parse(fixture(name).toString('utf8'));
}

const hex = (secret: string, body: Buffer) => createHmac('sha256', secret).update(body).digest('hex');

export interface ProviderCase {
  provider: WebhookProvider;
  /** The header that carries the proof. */
  proofHeader: string;
  /** The headers a real sender adds for a push of this body, signed (or tokened) with `secret`. */
  push(body: Buffer, secret: string): Record<string, string>;
  /** Headers of an authentic event that is not a push; undefined when the provider has none. */
  other?(body: Buffer, secret: string): Record<string, string>;
}

export const providerCases: ProviderCase[] = [
  {
    provider: 'github',
    proofHeader: 'x-hub-signature-256',
    push: (body, secret) => ({
      'content-type': 'application/json',
      'x-github-event': 'push',
      'x-hub-signature-256': `sha256=${hex(secret, body)}`,
    }),
    other: (body, secret) => ({
      'content-type': 'application/json',
      'x-github-event': 'ping',
      'x-hub-signature-256': `sha256=${hex(secret, body)}`,
    }),
  },
  {
    provider: 'gitlab',
    proofHeader: 'x-gitlab-token',
    push: (_body, secret) => ({ 'content-type': 'application/json', 'x-gitlab-event': 'Push Hook', 'x-gitlab-token': secret }),
    other: (_body, secret) => ({ 'content-type': 'application/json', 'x-gitlab-event': 'Merge Request Hook', 'x-gitlab-token': secret }),
  },
  {
    provider: 'gitea',
    proofHeader: 'x-gitea-signature',
    push: (body, secret) => ({ 'content-type': 'application/json', 'x-gitea-event': 'push', 'x-gitea-signature': hex(secret, body) }),
    other: (body, secret) => ({ 'content-type': 'application/json', 'x-gitea-event': 'create', 'x-gitea-signature': hex(secret, body) }),
  },
  {
    provider: 'forgejo',
    proofHeader: 'x-forgejo-signature',
    push: (body, secret) => ({ 'content-type': 'application/json', 'x-forgejo-event': 'push', 'x-forgejo-signature': hex(secret, body) }),
    other: (body, secret) => ({
      'content-type': 'application/json',
      'x-forgejo-event': 'issues',
      'x-forgejo-signature': hex(secret, body),
    }),
  },
  {
    provider: 'bitbucket',
    proofHeader: 'x-hub-signature',
    push: (body, secret) => ({
      'content-type': 'application/json',
      'x-event-key': 'repo:push',
      'x-hub-signature': `sha256=${hex(secret, body)}`,
    }),
    other: (body, secret) => ({
      'content-type': 'application/json',
      'x-event-key': 'diagnostics:ping',
      'x-hub-signature': `sha256=${hex(secret, body)}`,
    }),
  },
  {
    provider: 'generic',
    proofHeader: 'x-tideway-signature',
    push: (body, secret) => ({ 'content-type': 'application/json', 'x-tideway-signature': `sha256=${hex(secret, body)}` }),
  },
];

export function signedPush(provider: WebhookProvider, body: Buffer, secret: string): WebhookRequest {
  const c = providerCases.find((p) => p.provider === provider)!;
  return { headers: c.push(body, secret), body };
}
