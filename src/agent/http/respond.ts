import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ControlResult } from '../agent-control.js';

/** The API's error shape: `{ "error": "..." }` with the status. */
export function jsonError(c: Context, status: ContentfulStatusCode, error: string): Response {
  return c.json({ error }, status);
}

/** A control call's answer: its value with `okStatus`, or its error with the status the control chose. */
export function sendResult<T>(c: Context, result: ControlResult<T>, okStatus: 200 | 202): Response {
  return result.ok ? c.json(result.value as object, okStatus) : jsonError(c, result.status, result.error);
}
