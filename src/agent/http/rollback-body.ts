import { ValidationError } from '../../core/errors.js';

export interface RollbackOptions {
  to?: string;
  steps?: number;
}

const maxSteps = 1000;

/**
 * The body of `POST /api/v1/apps/:name/rollback`: `{ "to": "<sha or prefix>" }` or `{ "steps": N }`,
 * exactly one of them. Throws ValidationError naming the field otherwise.
 */
export function parseRollbackBody(text: string): RollbackOptions {
  let body: unknown;
  try {
    body = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw new ValidationError('body', 'is not valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ValidationError('body', 'must be a JSON object');
  const fields = body as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (key !== 'to' && key !== 'steps')
      throw new ValidationError(`body.${key.slice(0, 40)}`, 'is not a known field (expected "to" or "steps")');
  }
  const { to, steps } = fields;
  if ((to === undefined) === (steps === undefined)) {
    throw new ValidationError(
      'body',
      `give exactly one of "to" (a revision) or "steps" (how many syncs back), ${to === undefined ? 'got neither' : 'got both'}`,
    );
  }
  if (to !== undefined) {
    if (typeof to !== 'string' || !/^[0-9A-Za-z._/-]{1,255}$/.test(to)) {
      throw new ValidationError('body.to', 'must be a revision: a commit SHA or a prefix of one');
    }
    return { to };
  }
  if (typeof steps !== 'number' || !Number.isInteger(steps) || steps < 1 || steps > maxSteps) {
    throw new ValidationError('body.steps', `must be an integer from 1 to ${maxSteps}`);
  }
  return { steps };
}
