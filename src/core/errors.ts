import { redactText, redactUrl } from './redact/redact.js';

/**
 * Errors that abort an operation. Per-object outcomes are data (change-set entries), not throws.
 * Every error carries a stable `code`; messages never contain secret values: whatever a message is
 * given, URL credentials and token-like parameters in it are redacted (core/redact).
 */
export type ErrorCode =
  | 'InvalidApplication'
  | 'InvalidManifest'
  | 'DuplicateObject'
  | 'RenderFailed'
  | 'UnsafePath'
  | 'InputTooLarge'
  | 'SourceUnavailable'
  | 'RevisionNotFound'
  | 'RepositoryNotFound'
  | 'UnsafeRepository'
  | 'TargetUnavailable'
  | 'EmptyRender'
  | 'Timeout'
  | 'Cancelled'
  | 'Fenced'
  | 'ManagedByAnotherAgent'
  | 'Conflict'
  | 'AgentUnavailable'
  | 'AgentRequestFailed'
  | 'DecryptionFailed'
  | 'VerificationFailed'
  | 'InvalidPolicy'
  | 'PolicyDenied'
  | 'ProjectViolation'
  | 'Usage'
  | 'Internal';

export class TidewayError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(redactText(message), options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** A manifest or kustomization could not be rendered; names the file (and line when known). */
export class RenderError extends TidewayError {
  readonly file?: string;
  readonly line?: number;
  constructor(message: string, where?: { file?: string; line?: number; code?: ErrorCode; cause?: unknown }) {
    super(where?.code ?? 'RenderFailed', message, { cause: where?.cause });
    this.file = where?.file;
    this.line = where?.line;
  }
}

/** The Git source failed: unreachable, unknown revision, or a hostile repository. */
export class SourceError extends TidewayError {
  readonly repoURL?: string;
  readonly revision?: string;
  constructor(code: ErrorCode, message: string, where?: { repoURL?: string; revision?: string; cause?: unknown }) {
    super(code, message, { cause: where?.cause });
    this.repoURL = where?.repoURL === undefined ? undefined : redactUrl(where.repoURL);
    this.revision = where?.revision;
  }
}

/** Validation of user input (an Application, a host manifest); `field` is the path that is wrong. */
export class ValidationError extends TidewayError {
  readonly field: string;
  constructor(field: string, message: string) {
    super('InvalidApplication', `${field}: ${message}`);
    this.field = field;
  }
}
