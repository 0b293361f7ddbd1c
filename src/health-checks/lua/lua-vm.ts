/**
 * A sandboxed Lua 5.4 state (wasmoon: the reference C implementation compiled to WebAssembly) that
 * runs health scripts: each script is compiled once; each run gets the object as a fresh `obj`
 * table, a deadline and an instruction budget enforced by a count hook, and the state's memory is
 * capped by the allocator. A run that breaks a limit ends with an error naming the limit; the state
 * stays usable.
 */
import { createRequire } from 'node:module';
import type { LuaEngine, LuaFactory } from 'wasmoon';
import { SANDBOX_PRELUDE } from './sandbox-prelude.js';

type LuaWasm = LuaEngine['global']['lua'];

export interface LuaLimits {
  /** Wall-clock time one run may take (Argo CD allows 1 s). */
  timeoutMs: number;
  /** Lua VM instructions one run may execute. */
  maxInstructions: number;
  /** Memory the whole state (every compiled script and the running one) may hold. */
  memoryBytes: number;
}

export const DEFAULT_LUA_LIMITS: LuaLimits = { timeoutMs: 1000, maxInstructions: 20_000_000, memoryBytes: 32 * 1024 * 1024 };

const REGISTRY = -1001000; // LUA_REGISTRYINDEX for the default LUAI_MAXSTACK
const HOOK_EVERY = 1000;
const LUA_OK = 0;
const LUA_ERRMEM = 4;
const MASK_COUNT = 8;

/** What a script returned: a table's `status` and `message` fields, nil, or something else. */
export type LuaResult = { kind: 'table'; status: unknown; message: unknown } | { kind: 'nil' } | { kind: 'other'; type: string };

export class LuaRunError extends Error {
  constructor(
    message: string,
    readonly limit?: 'time' | 'instructions' | 'memory',
  ) {
    super(message);
    this.name = 'LuaRunError';
  }
}

let factory: LuaFactory | undefined;

function luaFactory(): LuaFactory {
  // wasmoon is loaded from node_modules at run time, never bundled: its Emscripten loader imports
  // Node modules dynamically, which the CLI bundle (run from V8's code cache) cannot do; its
  // WebAssembly file sits next to it
  const require = createRequire(import.meta.url);
  const wasmoon = require('wasmoon') as typeof import('wasmoon');
  factory ??= new wasmoon.LuaFactory(require.resolve('wasmoon/dist/glue.wasm'));
  return factory;
}

export interface CompiledScript {
  ref: number;
  name: string;
}

export class LuaVm {
  private readonly lua: LuaWasm;
  private readonly L: number;
  private deadline = 0;
  private hooksLeft = 0;
  private stopped: 'time' | 'instructions' | undefined;

  private constructor(
    private readonly engine: LuaEngine,
    private readonly limits: LuaLimits,
  ) {
    this.lua = engine.global.lua;
    this.L = engine.global.address;
    const hook = this.lua.module.addFunction(() => this.onHook(), 'vii');
    this.lua.lua_sethook(this.L, hook, MASK_COUNT, HOOK_EVERY);
  }

  static async create(limits: LuaLimits = DEFAULT_LUA_LIMITS): Promise<LuaVm> {
    const engine = await luaFactory().createEngine({
      openStandardLibs: true,
      injectObjects: false,
      enableProxy: false,
      traceAllocations: true,
    });
    engine.doStringSync(SANDBOX_PRELUDE);
    engine.global.setMemoryMax(limits.memoryBytes);
    return new LuaVm(engine, limits);
  }

  private onHook(): void {
    if (this.deadline === 0) return; // compiling, or between runs
    this.hooksLeft--;
    const reason = this.hooksLeft < 0 ? 'instructions' : Date.now() > this.deadline ? 'time' : undefined;
    if (!reason) return;
    this.stopped = reason;
    this.lua.lua_pushstring(this.L, `stopped: ${reason} limit`);
    this.lua.lua_error(this.L);
  }

  /** Compiles a script; a syntax error is thrown as a LuaRunError naming the script and line. */
  compile(source: string, name: string): CompiledScript {
    const { lua, L } = this;
    lua.lua_settop(L, 0);
    lua.lua_getglobal(L, '__tideway_compile');
    lua.lua_pushstring(L, source);
    lua.lua_pushstring(L, name);
    const rc = lua.lua_pcallk(L, 2, 2, 0, 0, null);
    if (rc !== LUA_OK || lua.lua_type(L, 1) !== 6 /* function */) {
      const message = rc !== LUA_OK ? lua.lua_tolstring(L, -1, null) : lua.lua_tolstring(L, 2, null);
      lua.lua_settop(L, 0);
      throw new LuaRunError(String(message ?? 'cannot compile'));
    }
    lua.lua_settop(L, 1);
    const ref = lua.luaL_ref(L, REGISTRY);
    return { ref, name };
  }

  /** Runs a compiled script with `obj` set to the object. */
  run(script: CompiledScript, object: unknown): LuaResult {
    const { lua, L } = this;
    lua.lua_settop(L, 0);
    try {
      lua.lua_getglobal(L, '__tideway_run');
      lua.lua_rawgeti(L, REGISTRY, BigInt(script.ref));
      this.push(object, 0);
      this.stopped = undefined;
      this.hooksLeft = Math.ceil(this.limits.maxInstructions / HOOK_EVERY);
      this.deadline = Date.now() + this.limits.timeoutMs;
      const rc = lua.lua_pcallk(L, 2, 1, 0, 0, null);
      this.deadline = 0;
      if (rc !== LUA_OK) {
        if (this.stopped === 'time') throw new LuaRunError(`stopped after ${this.limits.timeoutMs} ms (time limit)`, 'time');
        if (this.stopped === 'instructions') {
          throw new LuaRunError(`stopped after ${this.limits.maxInstructions} instructions (instruction limit)`, 'instructions');
        }
        if (rc === LUA_ERRMEM) throw new LuaRunError(`stopped: memory limit of ${this.limits.memoryBytes} bytes reached`, 'memory');
        throw new LuaRunError(String(lua.lua_tolstring(L, -1, null) ?? 'error'));
      }
      return this.readResult();
    } finally {
      this.deadline = 0;
      lua.lua_settop(L, 0);
    }
  }

  close(): void {
    this.engine.global.close();
  }

  /** Pushes a JSON-like value as Lua values: objects and arrays as tables (arrays from index 1), null as nil. */
  private push(value: unknown, depth: number): void {
    const { lua, L } = this;
    if (depth > 100) throw new LuaRunError('object nested more than 100 levels deep');
    if (value === null || value === undefined) lua.lua_pushnil(L);
    else if (typeof value === 'boolean') lua.lua_pushboolean(L, value ? 1 : 0);
    else if (typeof value === 'number') {
      if (Number.isSafeInteger(value)) lua.lua_pushinteger(L, BigInt(value));
      else lua.lua_pushnumber(L, value);
    } else if (typeof value === 'string') lua.lua_pushstring(L, value);
    else if (Array.isArray(value)) {
      lua.lua_createtable(L, value.length, 0);
      value.forEach((item, i) => {
        this.push(item, depth + 1);
        lua.lua_rawseti(L, -2, BigInt(i + 1));
      });
    } else if (typeof value === 'object') {
      const entries = Object.entries(value as Record<string, unknown>);
      lua.lua_createtable(L, 0, entries.length);
      for (const [k, v] of entries) {
        if (v === null || v === undefined) continue;
        this.push(v, depth + 1);
        lua.lua_setfield(L, -2, k);
      }
    } else lua.lua_pushnil(L);
  }

  private readResult(): LuaResult {
    const { lua, L } = this;
    const type = lua.lua_type(L, -1);
    if (type === 0) return { kind: 'nil' };
    if (type !== 5) return { kind: 'other', type: lua.lua_typename(L, type) };
    const field = (name: string): unknown => {
      const t = lua.lua_getfield(L, -1, name);
      let out: unknown;
      if (t === 4) out = lua.lua_tolstring(L, -1, null);
      else if (t === 3) out = lua.lua_tonumberx(L, -1, null);
      else if (t === 1) out = lua.lua_toboolean(L, -1) !== 0;
      else if (t !== 0) out = { luaType: lua.lua_typename(L, t) };
      lua.lua_settop(L, -2);
      return out;
    };
    return { kind: 'table', status: field('status'), message: field('message') };
  }
}
