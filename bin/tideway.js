#!/usr/bin/env node
// Tideway's command line. Runs the bundle (npm run build: dist/cli/main.cjs) while no source file it
// was built from is newer than it, otherwise the TypeScript sources through tsx, so a stale bundle
// never runs. The bundle is compiled with V8's code cache, kept per command in the cache directory
// (TIDEWAY_CACHE_DIR, else ~/.cache/tideway): a later run of the same command skips parsing and
// compiling what the first one ran.
// A CommonJS file (bin/package.json): Node starts it without setting up its ES module loader (~15 ms).
'use strict';
const { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const vm = require('node:vm');

const root = path.resolve(__dirname, '..');
const bundle = path.join(root, 'dist', 'cli', 'main.cjs');

/** The bundle's stat when it is fresh: the files it was built from (dist/cli/inputs.json) are not newer. */
function freshBundle() {
  if (process.env.TIDEWAY_FROM_SOURCE === '1') return undefined;
  try {
    const built = statSync(bundle);
    const inputs = JSON.parse(readFileSync(path.join(root, 'dist', 'cli', 'inputs.json'), 'utf8'));
    for (const file of inputs)
      if ((statSync(path.join(root, file), { throwIfNoEntry: false })?.mtimeMs ?? Infinity) > built.mtimeMs) return undefined;
    return built;
  } catch {
    return undefined;
  }
}

/** Runs the CommonJS bundle as Node would, with V8's code cache for this build, Node and command. */
function loadBundle(built, command) {
  const cacheDir = path.join(
    process.env.TIDEWAY_CACHE_DIR ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'tideway'),
    'v8',
  );
  const prefix = `${process.version}-${built.size}-${Math.floor(built.mtimeMs)}-`;
  const cacheFile = path.join(cacheDir, `${prefix}${/^[a-z]{1,20}$/.test(command ?? '') ? command : 'other'}.bin`);
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    /* first run of this command */
  }
  const script = new vm.Script(Module.wrap(readFileSync(bundle, 'utf8')), { filename: bundle, cachedData });
  // A script has no ES module loader of its own: lend it this module's (for the ESM-only Kubernetes client).
  globalThis[Symbol.for('tideway.importModule')] = (specifier) => import(specifier);
  const module = { exports: {} };
  script.runInThisContext()(module.exports, Module.createRequire(bundle), module, bundle, path.dirname(bundle));
  /** After the run, so the cache holds every function the command compiled. */
  const saveCache = () => {
    if (cachedData && !script.cachedDataRejected) return;
    try {
      mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
      for (const old of readdirSync(cacheDir)) if (!old.startsWith(prefix)) unlinkSync(path.join(cacheDir, old)); // earlier builds
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
      renameSync(tmp, cacheFile);
    } catch {
      // Without a cache the next run only compiles again.
    }
  };
  return { main: module.exports.main, saveCache };
}

/** Runs the bundle while it is fresh, else the TypeScript sources. */
async function run() {
  const argv = process.argv.slice(2);
  const built = freshBundle();
  if (built) {
    const { main, saveCache } = loadBundle(built, argv[0]);
    const code = await main(argv);
    saveCache();
    // The command is done: leave once what it printed is written, without waiting for connections and
    // child processes to finish closing on their own (tens of milliseconds a run).
    // A stream whose reader went away (EPIPE) never drains: it is done too.
    const flushed = (stream) =>
      new Promise((resolve) => {
        if (stream.writableLength === 0 || stream.destroyed) return resolve();
        stream.once('drain', resolve);
        stream.once('close', resolve);
        stream.once('error', resolve);
      });
    await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
    process.exit(code);
  } else {
    const { register } = await import('tsx/esm/api');
    register();
    const { main } = await import(pathToFileURL(path.join(root, 'src', 'cli', 'main.ts')).href);
    process.exitCode = await main(argv);
  }
}

run().catch((error) => {
  process.stderr.write(`tideway: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
