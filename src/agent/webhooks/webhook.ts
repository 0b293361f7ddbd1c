/** The Git hosts whose push webhooks Tideway verifies, plus a generic receiver for other senders. */
export type WebhookProvider = 'github' | 'gitlab' | 'gitea' | 'forgejo' | 'bitbucket' | 'generic';

/** A received webhook: header names lowercased, the body exactly as sent (signatures cover the raw bytes). */
export interface WebhookRequest {
  headers: Record<string, string | undefined>;
  body: Buffer;
}

/** What a verified push says changed. */
export interface PushEvent {
  provider: WebhookProvider;
  /** Every URL the payload names for the repository (web, HTTPS clone, SSH clone). */
  repoURLs: string[];
  branch?: string;
  tag?: string;
  /** The commit the ref now points at; absent when the ref was deleted. */
  after?: string;
  /** The ref was deleted by this push. */
  deleted?: boolean;
  /** The repository's default branch, when the payload names it. */
  defaultBranch?: string;
  /** Files added, modified or removed by the pushed commits; absent when the payload cannot tell them all. */
  changedFiles?: string[];
  pusher?: string;
}

export type WebhookRejectionStatus = 401 | 400 | 413 | 202;

export type WebhookResult =
  | {
      ok: true;
      /** The push (the first one when a payload reports several refs, as Bitbucket's can). */
      event: PushEvent;
      /** Every ref the payload reports; `events[0] === event`. */
      events: PushEvent[];
    }
  | {
      ok: false;
      /** 401 unverified, 400 malformed, 413 too large, 202 verified but not a push (nothing to do). */
      status: WebhookRejectionStatus;
      /** Why, for logs and the response; never contains the secret or the signature. */
      reason: string;
    };

export interface WebhookOptions {
  /** Bodies larger than this are refused with 413. Default 1 MiB. */
  maxBodyBytes?: number;
}

export const defaultMaxBodyBytes = 1024 * 1024;

/** How one provider authenticates, names its events, and shapes its push payload. */
export interface ProviderHandler {
  provider: WebhookProvider;
  /** Undefined when the request is authentic; otherwise why not (no secret material in it). */
  verify(request: WebhookRequest, secret: string): string | undefined;
  /** Undefined for a push event; otherwise why the (authentic) event is ignored. */
  ignoredEvent(headers: WebhookRequest['headers']): string | undefined;
  /** The pushes a parsed payload reports (none: nothing to do). Throws WebhookPayloadError when malformed. */
  parse(payload: unknown): PushEvent[];
}

/** A verified payload that does not have the shape its provider documents. Internal: verifyAndParse answers it with 400. */
export class WebhookPayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookPayloadError';
  }
}
