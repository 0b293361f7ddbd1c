/**
 * Validation of host manifests into their resolved form. Pure (no `node:*`): every error names the field
 * (`spec.replicas: must be an integer >= 0`), and all errors of an object are reported together.
 */
import { ValidationError } from '../../core/errors.js';
import type { Manifest } from '../../core/model/manifest.js';
import {
  HOST_API_VERSION,
  MAX_FILE_CONTENT_BYTES,
  MAX_REPLICAS,
  RESTART_POLICIES,
  STOP_SIGNALS,
  type ProbeAction,
  type ResolvedFile,
  type ResolvedHostObject,
  type ResolvedProbe,
  type ResolvedService,
  type RestartPolicy,
  type StopSignal,
} from './host-kinds.js';
import { findInvalidTemplate, resolvePort } from './replica-template.js';

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; errors: ValidationError[] };

const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const FILE_FIELDS = ['path', 'content', 'source', 'mode'];
const SERVICE_FIELDS = [
  'command',
  'args',
  'env',
  'workingDir',
  'replicas',
  'restartPolicy',
  'stopSignal',
  'terminationGracePeriodSeconds',
  'readinessProbe',
  'restartOn',
];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Collects errors while reading fields. */
class Checker {
  readonly errors: ValidationError[] = [];
  fail(field: string, message: string): undefined {
    this.errors.push(new ValidationError(field, message));
    return undefined;
  }
  unknownFields(value: Obj, allowed: string[], prefix: string): void {
    for (const key of Object.keys(value)) if (!allowed.includes(key)) this.fail(`${prefix}.${key}`, 'unknown field');
  }
  string(value: unknown, field: string, options: { required?: boolean; nonEmpty?: boolean } = {}): string | undefined {
    if (value === undefined || value === null) return options.required ? this.fail(field, 'is required') : undefined;
    if (typeof value !== 'string') return this.fail(field, 'must be a string');
    if (options.nonEmpty && value.length === 0) return this.fail(field, 'must not be empty');
    return value;
  }
  integer(value: unknown, field: string, min: number, max: number): number | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      return this.fail(
        field,
        max === Number.MAX_SAFE_INTEGER ? `must be an integer >= ${min}` : `must be an integer from ${min} to ${max}`,
      );
    }
    return value;
  }
  stringList(value: unknown, field: string): string[] | undefined {
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) return this.fail(field, 'must be a list of strings');
    value.forEach((item, i) => {
      if (typeof item !== 'string') this.fail(`${field}[${i}]`, 'must be a string');
    });
    return value.filter((item): item is string => typeof item === 'string');
  }
  template(text: string, field: string): void {
    const bad = findInvalidTemplate(text);
    if (bad) this.fail(field, `unknown template ${bad} (only {{replica}} and {{replica + N}} are supported)`);
  }
}

/**
 * A path relative to the host root: not absolute, no `..`, no empty or `.` segments, no NUL.
 * Returns it normalised with `/` separators ('' only when `allowRoot`).
 */
function checkRelativePath(value: string, field: string, check: Checker, allowRoot = false): string | undefined {
  if (value.includes('\0')) return check.fail(field, 'must not contain NUL characters');
  if (value.startsWith('/') || /^[A-Za-z]:/.test(value) || value.startsWith('\\')) {
    return check.fail(field, `must be relative to the host root, not absolute (${JSON.stringify(value)})`);
  }
  const segments = value.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) return check.fail(field, `must not leave the host root ('..' in ${JSON.stringify(value)})`);
  if (segments.length === 0 && !allowRoot) return check.fail(field, 'must name a file inside the host root');
  return segments.join('/');
}

function parseMode(value: unknown, check: Checker): number | undefined {
  if (value === undefined || value === null) return 0o644;
  let mode: number;
  if (typeof value === 'string' && /^0?o?[0-7]{3,4}$/.test(value)) mode = parseInt(value.replace(/^0?o?/, ''), 8);
  else if (typeof value === 'number' && Number.isInteger(value) && value >= 0)
    mode = value; // YAML 1.1 reads 0644 as octal
  else return check.fail('spec.mode', `must be an octal string such as "0644" (got ${JSON.stringify(value)})`);
  if (mode > 0o777) return check.fail('spec.mode', 'setuid, setgid and sticky bits are not allowed');
  return mode;
}

function validateMetadata(object: Manifest, check: Checker): string | undefined {
  if (object.apiVersion !== HOST_API_VERSION) check.fail('apiVersion', `must be ${HOST_API_VERSION}`);
  if (object.metadata.namespace) check.fail('metadata.namespace', 'must not be set: host objects are cluster-scoped');
  const name = object.metadata.name;
  if (typeof name !== 'string' || name.length > 253 || !NAME.test(name)) {
    return check.fail('metadata.name', 'must be lower-case letters, digits, "-" and ".", starting and ending with a letter or digit');
  }
  return name;
}

export function validateFile(object: Manifest): ValidationResult<ResolvedFile> {
  const check = new Checker();
  const name = validateMetadata(object, check);
  const spec = object.spec;
  if (!isObj(spec)) return { ok: false, errors: [...check.errors, new ValidationError('spec', 'is required')] };
  check.unknownFields(spec, FILE_FIELDS, 'spec');
  const rawPath = check.string(spec.path, 'spec.path', { required: true, nonEmpty: true });
  const path = rawPath === undefined ? undefined : checkRelativePath(rawPath, 'spec.path', check);
  const content = check.string(spec.content, 'spec.content');
  if (spec.source !== undefined && content !== undefined) check.fail('spec.source', 'set either spec.content or spec.source, not both');
  else if (spec.source !== undefined) check.fail('spec.source', 'must be resolved into spec.content before apply (resolveFileSources)');
  else if (content === undefined && spec.content === undefined) check.fail('spec.content', 'is required (or spec.source)');
  if (content !== undefined && content.length > MAX_FILE_CONTENT_BYTES)
    check.fail('spec.content', `is over the ${MAX_FILE_CONTENT_BYTES}-byte limit`);
  const mode = parseMode(spec.mode, check);
  if (check.errors.length > 0) return { ok: false, errors: check.errors };
  return { ok: true, value: { kind: 'File', name: name!, path: path!, content: content!, mode: mode! } };
}

function validatePort(value: unknown, field: string, replicas: number, check: Checker): number | string | undefined {
  if (typeof value === 'number') return check.integer(value, field, 1, 65535);
  if (typeof value !== 'string') return check.fail(field, 'is required: a port number or a template such as "{{replica + 8080}}"');
  check.template(value, field);
  for (const index of [0, Math.max(0, replicas - 1)]) {
    const port = resolvePort(value, index);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      return check.fail(field, `must evaluate to a port from 1 to 65535 (replica ${index} gives ${JSON.stringify(String(port))})`);
    }
  }
  return value;
}

function validateProbe(value: unknown, replicas: number, check: Checker): ResolvedProbe | undefined {
  if (value === undefined || value === null) return undefined;
  const f = 'spec.readinessProbe';
  if (!isObj(value)) return check.fail(f, 'must be an object');
  check.unknownFields(value, ['http', 'tcp', 'exec', 'periodMs', 'timeoutMs'], f);
  const kinds = ['http', 'tcp', 'exec'].filter((k) => value[k] !== undefined);
  if (kinds.length !== 1) return check.fail(f, 'must have exactly one of http, tcp, exec');
  const periodMs = check.integer(value.periodMs, `${f}.periodMs`, 50, 3_600_000) ?? 500;
  const timeoutMs = check.integer(value.timeoutMs, `${f}.timeoutMs`, 10, 3_600_000) ?? 1000;
  const kind = kinds[0];
  const body = value[kind];
  if (!isObj(body)) return check.fail(`${f}.${kind}`, 'must be an object');
  let action: ProbeAction | undefined;
  if (kind === 'exec') {
    check.unknownFields(body, ['command'], `${f}.exec`);
    const command = check.stringList(body.command, `${f}.exec.command`);
    if (!command || command.length === 0 || command[0] === '')
      return check.fail(`${f}.exec.command`, 'must be a non-empty list of strings');
    command.forEach((a, i) => check.template(a, `${f}.exec.command[${i}]`));
    action = { type: 'exec', command };
  } else {
    check.unknownFields(body, kind === 'http' ? ['port', 'path', 'host'] : ['port', 'host'], `${f}.${kind}`);
    const port = validatePort(body.port, `${f}.${kind}.port`, replicas, check);
    const host = check.string(body.host, `${f}.${kind}.host`, { nonEmpty: true }) ?? '127.0.0.1';
    if (kind === 'http') {
      const path = check.string(body.path, `${f}.http.path`) ?? '/';
      if (!path.startsWith('/')) check.fail(`${f}.http.path`, 'must start with "/"');
      if (port !== undefined) action = { type: 'http', port, path, host };
    } else if (port !== undefined) action = { type: 'tcp', port, host };
  }
  return action ? { action, periodMs, timeoutMs } : undefined;
}

function validateEnv(value: unknown, check: Checker): Record<string, string> {
  const env: Record<string, string> = {};
  if (value === undefined || value === null) return env;
  if (!isObj(value)) {
    check.fail('spec.env', 'must be a map of names to strings');
    return env;
  }
  for (const [key, v] of Object.entries(value)) {
    const field = `spec.env.${key}`;
    if (!ENV_NAME.test(key)) check.fail(field, 'is not a valid environment variable name');
    else if (key === 'TIDEWAY_REPLICA') check.fail(field, 'is set by Tideway (the replica index)');
    else if (typeof v !== 'string') check.fail(field, 'must be a string (quote numbers and booleans)');
    else {
      check.template(v, field);
      env[key] = v;
    }
  }
  return env;
}

export function validateService(object: Manifest): ValidationResult<ResolvedService> {
  const check = new Checker();
  const name = validateMetadata(object, check);
  const spec = object.spec;
  if (!isObj(spec)) return { ok: false, errors: [...check.errors, new ValidationError('spec', 'is required')] };
  check.unknownFields(spec, SERVICE_FIELDS, 'spec');
  const command = check.string(spec.command, 'spec.command', { required: true, nonEmpty: true });
  const args = check.stringList(spec.args, 'spec.args') ?? [];
  args.forEach((a, i) => check.template(a, `spec.args[${i}]`));
  const env = validateEnv(spec.env, check);
  const rawDir = check.string(spec.workingDir, 'spec.workingDir');
  const workingDir = rawDir === undefined ? '' : checkRelativePath(rawDir, 'spec.workingDir', check, true);
  const replicas = check.integer(spec.replicas, 'spec.replicas', 0, MAX_REPLICAS) ?? (spec.replicas === undefined ? 1 : 0);
  const restartPolicy = (spec.restartPolicy ?? 'Always') as RestartPolicy;
  if (!RESTART_POLICIES.includes(restartPolicy)) check.fail('spec.restartPolicy', `must be one of ${RESTART_POLICIES.join(', ')}`);
  const stopSignal = (spec.stopSignal ?? 'SIGTERM') as StopSignal;
  if (!STOP_SIGNALS.includes(stopSignal)) check.fail('spec.stopSignal', `must be one of ${STOP_SIGNALS.join(', ')}`);
  const grace = check.integer(spec.terminationGracePeriodSeconds, 'spec.terminationGracePeriodSeconds', 0, 3600) ?? 10;
  const readinessProbe = validateProbe(spec.readinessProbe, replicas, check);
  const restartOn = check.stringList(spec.restartOn, 'spec.restartOn') ?? [];
  if (check.errors.length > 0) return { ok: false, errors: check.errors };
  const value: ResolvedService = {
    kind: 'Service',
    name: name!,
    command: command!,
    args,
    env,
    workingDir: workingDir!,
    replicas,
    restartPolicy,
    stopSignal,
    terminationGracePeriodSeconds: grace,
    restartOn,
  };
  if (readinessProbe) value.readinessProbe = readinessProbe;
  return { ok: true, value };
}

/** Validates any host object; an unknown kind is an error on `kind`. */
export function validateHostObject(object: Manifest): ValidationResult<ResolvedHostObject> {
  if (object.kind === 'File') return validateFile(object);
  if (object.kind === 'Service') return validateService(object);
  return { ok: false, errors: [new ValidationError('kind', `must be File or Service (got ${JSON.stringify(object.kind)})`)] };
}

/** One line naming every wrong field, for a change-set message. */
export function describeErrors(errors: ValidationError[]): string {
  return errors.map((e) => e.message).join('; ');
}
