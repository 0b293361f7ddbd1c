import type { ResolvedService } from './host-kinds.js';

/**
 * What a Service from Git may not do on the host unless the host target allows it (for now options
 * of the target; the lead wires them to Projects). Pure: no I/O.
 */
export interface ServiceGuardOptions {
  /** Let `spec.env` set variables that make a program load other code (LOADER_ENV below). */
  allowLoaderEnv?: boolean;
  /** Let readiness probes reach any address, not only loopback. */
  allowRemoteProbes?: boolean;
}

/**
 * Environment variables that make the dynamic loader, a language runtime or a shell load or run code
 * that is not the program's own: whoever can commit could run their code inside any process the
 * agent starts (as root, if it runs as root). Exact names, plus every `LD_*` (glibc's ld.so reads
 * many: LD_PRELOAD, LD_LIBRARY_PATH, LD_AUDIT, ...) and `DYLD_*` (macOS) name.
 */
export const LOADER_ENV: readonly string[] = [
  'GCONV_PATH',
  'GLIBC_TUNABLES',
  'HOSTALIASES',
  'LOCPATH',
  'NLSPATH',
  'RESOLV_HOST_CONF',
  'MALLOC_TRACE',
  'NODE_OPTIONS',
  'NODE_PATH',
  'NODE_REPL_EXTERNAL_MODULE',
  'PYTHONPATH',
  'PYTHONHOME',
  'PYTHONSTARTUP',
  'PYTHONUSERBASE',
  'PYTHONBREAKPOINT',
  'PERL5LIB',
  'PERLLIB',
  'PERL5OPT',
  'PERL5DB',
  'RUBYLIB',
  'RUBYOPT',
  'JAVA_TOOL_OPTIONS',
  '_JAVA_OPTIONS',
  'JDK_JAVA_OPTIONS',
  'CLASSPATH',
  'LUA_PATH',
  'LUA_CPATH',
  'LUA_INIT',
  'PHPRC',
  'PHP_INI_SCAN_DIR',
  'BASH_ENV',
  'ENV',
  'SHELLOPTS',
  'BASHOPTS',
  'PS4',
  'PROMPT_COMMAND',
];
export const LOADER_ENV_PREFIXES: readonly string[] = ['LD_', 'DYLD_'];

export function isLoaderEnv(name: string): boolean {
  const upper = name.toUpperCase();
  return LOADER_ENV.includes(upper) || LOADER_ENV_PREFIXES.some((p) => upper.startsWith(p)) || upper.startsWith('BASH_FUNC_');
}

/** Whether `host` is a loopback address (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  if (/^::ffff:127\.\d+\.\d+\.\d+$/.test(h)) return true;
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return m !== null && m.slice(1).every((n) => Number(n) <= 255);
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
