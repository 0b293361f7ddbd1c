#!/usr/bin/env node
// Bundles the CLI with esbuild into one CommonJS file, dist/cli/main.cjs, which bin/tideway.js runs
// through V8's code cache (Node 20 has no compile cache for ES modules): a run compiles nothing it
// compiled before. Pure-JavaScript dependencies are bundled in (resolving and loading dozens of
// package files cost more at start than the code itself); the native addon, the official Kubernetes
// client (an ES module, imported only for exec plugins) and pino (the agent's logger, whose
// transports load files by path) stay external.
// The source files the bundle was built from go to dist/cli/inputs.json: bin/tideway.js runs the
// bundle only while none of them is newer, else the TypeScript sources through tsx.
import { build } from 'esbuild';
import { buildDashboard } from './build-dashboard.mjs';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const outdir = path.join(root, 'dist/cli');
rmSync(outdir, { recursive: true, force: true });
const result = await build({
  entryPoints: [path.join(root, 'src/cli/main.ts')],
  outfile: path.join(outdir, 'main.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // Libraries only some commands need are loaded from node_modules when used: the policy libraries
  // (CEL, JSON Schema), OpenPGP and age (signed commits, SOPS), Helm's certificate and regular
  // expression libraries, and the agent's HTTP server, metrics and sign-in. Bundled, they made every
  // command's start slower (a bundle of 4.8 MB instead of 1.5: +0.2 s of CPU for `tideway --version`).
  // js-yaml is bundled: every render reads YAML with it, and bundled it is in V8's code cache.
  external: [
    'better-sqlite3',
    '@kubernetes/client-node',
    'pino',
    'pino-pretty',
    '@bufbuild/cel',
    '@bufbuild/protobuf',
    '@bufbuild/re2',
    'ajv',
    'openpgp',
    'age-encryption',
    '@noble/*',
    'node-forge',
    're2js',
    'hono',
    'hono/*',
    '@hono/*',
    'prom-client',
    'oauth4webapi',
    '@opentelemetry/api',
    'semver',
    'openid-client',
    '@cfworker/json-schema',
    // The PostgreSQL driver: loaded with the agent's code, never by the other commands.
    'pg',
  ],
  // import.meta.url of the sources (paths relative to them) becomes the bundle's own URL: dist/cli
  // sits as deep in the tree as src/<dir>.
  define: { 'import.meta.url': '__tidewayBundleUrl' },
  banner: { js: "var __tidewayBundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  metafile: true,
  sourcemap: 'linked',
  // Whitespace and syntax only (names are kept, for errors and stacks): a 1.6 MB bundle instead of
  // 2.1, so less to read, compile and hold at every start (a no-op sync of 500 objects ran ~60 ms
  // slower than the old engine with the larger bundle, mostly in a full garbage collection).
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
});
const inputs = Object.keys(result.metafile.inputs)
  .filter((f) => !f.includes('node_modules/'))
  .map((f) => path.relative(root, path.resolve(root, f)));
writeFileSync(path.join(outdir, 'inputs.json'), `${JSON.stringify(inputs)}\n`);

await buildDashboard(root);
