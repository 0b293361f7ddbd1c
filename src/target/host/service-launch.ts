import path from 'node:path';
import type { ResolvedService } from './host-kinds.js';
import type { LaunchSpec } from './replica-process.js';
import { expandReplicaTemplate } from './replica-template.js';

/**
 * Variables a replica inherits from the agent. Nothing else is passed on, so the agent's own secrets
 * (Git tokens, ...) never reach supervised processes; everything else comes from `spec.env`.
 */
export const INHERITED_ENV = ['PATH', 'HOME', 'USER', 'LOGNAME', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR'];

export function logFileFor(logsDir: string, service: string, index: number): string {
  return path.join(logsDir, `${service}-${index}.log`);
}

/** The command line, environment, working directory and log file of replica `index`. */
export function launchSpec(service: ResolvedService, index: number, cwd: string, logsDir: string): LaunchSpec {
  const env: Record<string, string> = {};
  for (const name of INHERITED_ENV) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  for (const [name, value] of Object.entries(service.env)) env[name] = expandReplicaTemplate(value, index);
  env.TIDEWAY_REPLICA = String(index);
  return {
    command: service.command,
    args: service.args.map((arg) => expandReplicaTemplate(arg, index)),
    env,
    cwd,
    logFile: logFileFor(logsDir, service.name, index),
  };
}
