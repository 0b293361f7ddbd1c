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
