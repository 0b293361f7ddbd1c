/**
 * Lua run once in a fresh state, before any script: it keeps what it needs as locals, removes from
 * the state every way out (io, os except its clock and date functions, package, require, debug,
 * dofile, loadfile, load), and defines the two host functions the adapter calls. Each script is
 * compiled once and, on each call, gets a fresh environment: `obj`, and copies of the safe
 * libraries, so nothing one call writes is seen by the next. Lua 5.1 names Argo CD's gopher-lua
 * scripts use (unpack, table.getn, math.pow, string.gfind) are provided.
 */
export const SANDBOX_PRELUDE = String.raw`
local setupvalue, compile, pairs, setmetatable, type, error = debug.setupvalue, load, pairs, setmetatable, type, error
local strlen = string.len
local MAX_SUBJECT = 65536

local function copy(t)
  local c = {}
  for k, v in pairs(t) do c[k] = v end
  return c
end

-- pattern matching runs in C, outside the instruction hook: bound what it may be asked to scan
local function bounded(f)
  return function(s, ...)
    if type(s) == "string" and strlen(s) > MAX_SUBJECT then
      error("string too long for pattern matching in a health check (" .. strlen(s) .. " bytes)", 2)
    end
    return f(s, ...)
  end
end

local safe_string = copy(string)
safe_string.find, safe_string.match, safe_string.gmatch, safe_string.gsub =
  bounded(string.find), bounded(string.match), bounded(string.gmatch), bounded(string.gsub)
safe_string.gfind = safe_string.gmatch
safe_string.dump = nil
-- method calls on strings ("x"):find(...) go through the bounded library, which scripts cannot reach to change
local string_meta = getmetatable("")
string_meta.__index = safe_string
string_meta.__metatable = false
local safe_table = copy(table)
safe_table.getn = function(t) return #t end
local safe_math = copy(math)
safe_math.pow = function(a, b) return a ^ b end
safe_math.mod = math.fmod
local safe_os = { time = os.time, date = os.date, clock = os.clock, difftime = os.difftime }

local base = {
  assert = assert, error = error, ipairs = ipairs, next = next, pairs = pairs, pcall = pcall,
  rawequal = rawequal, rawget = rawget, rawlen = rawlen, rawset = rawset, select = select,
  setmetatable = setmetatable, getmetatable = getmetatable, tonumber = tonumber, tostring = tostring,
  type = type, xpcall = xpcall, unpack = table.unpack, _VERSION = _VERSION,
  print = function() end,
}

local function newenv(obj)
  local env = copy(base)
  env.string, env.table, env.math, env.os = copy(safe_string), copy(safe_table), copy(safe_math), copy(safe_os)
  env.utf8 = copy(utf8)
  env.require = function(name)
    if name == "os" then return env.os end
    error("require is not available in a health check: " .. tostring(name), 2)
  end
  env.obj = obj
  env._G = env
  return env
end

function __tideway_compile(source, name)
  return compile(source, "=" .. name, "t", {})
end

function __tideway_run(chunk, obj)
  setupvalue(chunk, 1, newenv(obj))
  return chunk()
end

-- the host's own globals: nothing below is reachable from a script's environment, and now not from here either
_G.io, _G.os, _G.package, _G.require, _G.debug, _G.dofile, _G.loadfile, _G.load, _G.collectgarbage = nil
`;
