export { createLuaHealthChecks, type LuaHealthChecks } from './lua-health-checks.js';
export type { LuaHealthScript } from './lua-health-script.js';
export { HealthCheckLoadError } from './health-check-load-error.js';
export { loadLuaHealthScripts, luaScriptsFromConfigMap } from './load-lua-scripts.js';
export { DEFAULT_LUA_LIMITS, type LuaLimits } from './lua-vm.js';
