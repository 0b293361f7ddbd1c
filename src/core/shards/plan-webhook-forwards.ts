/**
 * Which replica a webhook is passed on to, for the matched apps another replica owns that have no
 * object to annotate (apps of files, app-of-apps children). Decided with no I/O from who owns each
 * app and the API URL each replica advertises on its membership Lease: one forward per owner, with
 * its apps; an app whose shard nobody holds, or whose owner advertises no URL, is not forwarded (its
 * owner reconciles it on its own poll). A request that was itself forwarded is never forwarded again.
 */
export interface ForwardCandidate {
  app: string;
  /** The replica holding the app's shard as observed; '' when nobody holds it now. */
  owner: string;
}

export interface WebhookForward {
  owner: string;
  /** The owner's advertised API URL (`tideway.dev/api-url` on its membership Lease). */
  url: string;
  apps: string[];
}

export interface UnroutedApp {
  app: string;
  reason: string;
}

export interface ForwardPlan {
  forwards: WebhookForward[];
  unrouted: UnroutedApp[];
}

export interface ForwardInput {
  self: string;
  apps: ForwardCandidate[];
  /** Replica identity -> advertised API URL. */
  urls: Readonly<Record<string, string>>;
  /** The replica that forwarded this request (its `X-Tideway-Forwarded-By`), if any. */
  forwardedBy?: string;
}

export function planWebhookForwards(input: ForwardInput): ForwardPlan {
  const byOwner = new Map<string, WebhookForward>();
  const unrouted: UnroutedApp[] = [];
  for (const { app, owner } of input.apps) {
    if (owner === input.self) continue;
    if (input.forwardedBy !== undefined) {
      unrouted.push({ app, reason: `forwarded by ${input.forwardedBy}: not forwarded again` });
      continue;
    }
    if (!owner) {
      unrouted.push({ app, reason: 'no replica holds its shard now' });
      continue;
    }
    const url = input.urls[owner];
    if (!url) {
      unrouted.push({ app, reason: `replica ${owner} advertises no API URL` });
      continue;
    }
    const forward = byOwner.get(owner) ?? { owner, url, apps: [] };
    forward.apps.push(app);
    byOwner.set(owner, forward);
  }
  const forwards = [...byOwner.values()].sort((a, b) => (a.owner < b.owner ? -1 : a.owner > b.owner ? 1 : 0));
  for (const f of forwards) f.apps.sort();
  return { forwards, unrouted };
}
