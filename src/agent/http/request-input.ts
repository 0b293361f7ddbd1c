import type { Context } from 'hono';
import { ValidationError } from '../../core/errors.js';
import type { ApiEnv } from './api-env.js';

/**
 * Reading what a request asks for: query integers, path ids and the acting user. Bad input throws
 * ValidationError naming the parameter; the app answers it with 400.
 */

export const maxListLimit = 1000;

/** `?name=` as an integer in [min, max]; undefined when absent. */
export function queryInt(c: Context, name: string, min: number, max: number): number | undefined {
  const text = c.req.query(name);
  if (text === undefined) return undefined;
  return checkInt(name, text, min, max);
}

export function checkInt(name: string, text: string, min: number, max: number): number {
  if (!/^\d{1,16}$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new ValidationError(name, `must be an integer from ${min} to ${max}, got ${JSON.stringify(text.slice(0, 40))}`);
  }
  return Number(text);
}

/** Who is acting: the authenticated principal (see authenticate.ts), recorded in history and audit. */
export function requestUser(c: Context<ApiEnv>): string {
  const p = c.get('principal');
  return p?.actor ?? p?.user ?? 'api';
}
