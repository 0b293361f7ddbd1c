import { isLoaderEnv } from '../../core/host/loader-env.js';
import { isLoopbackHost } from '../../core/host/loopback.js';
import type { ResolvedService } from './host-kinds.js';

export { isLoaderEnv, LOADER_ENV, LOADER_ENV_PREFIXES } from '../../core/host/loader-env.js';
export { isLoopbackHost } from '../../core/host/loopback.js';

/**
 * What a Service from Git may not do on the host unless the host target allows it: the operator's
 * options (`tideway agent --allow-loader-env`, `--allow-remote-probes`), the ceiling of what any
 * project may allow (a project grants them with `permissions.loaderEnv` and `remoteProbes`, checked
 * before any write: core/project/check-objects.ts). Pure: no I/O.
 */
export interface ServiceGuardOptions {
  /** Let `spec.env` set variables that make a program load other code (LOADER_ENV below). */
  allowLoaderEnv?: boolean;
  /** Let readiness probes reach any address, not only loopback. */
  allowRemoteProbes?: boolean;
}

/** The refusals of `service` under `options`, each naming its field; empty when allowed. */
export function serviceGuardProblems(service: ResolvedService, options: ServiceGuardOptions): string[] {
  const problems: string[] = [];
  if (!options.allowLoaderEnv) {
    for (const name of Object.keys(service.env).filter(isLoaderEnv)) {
      problems.push(
        `spec.env.${name}: sets what the program loads (a loader or runtime injection variable); not allowed on this host target (allowLoaderEnv)`,
      );
    }
  }
  const probe = service.readinessProbe?.action;
  if (probe && probe.type !== 'exec' && !options.allowRemoteProbes && !isLoopbackHost(probe.host)) {
    problems.push(
      `spec.readinessProbe.${probe.type}.host: ${JSON.stringify(probe.host)} is not a loopback address; probes reach only this host unless allowed (allowRemoteProbes)`,
    );
  }
  return problems;
}
