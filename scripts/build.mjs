#!/usr/bin/env node
// Bundles the CLI with esbuild into dist/cli/: ES modules, code-split so lazily loaded commands stay
// lazy. Pure-JavaScript dependencies are bundled in (resolving and loading dozens of package files
// cost more at start than the code itself); the native addon, the official Kubernetes client (loaded
// only for exec plugins) and pino (the agent's logger, whose transports load files by path) stay external.
// The list of source files the bundle was built from goes to dist/cli/inputs.json: bin/tideway.js
// runs the bundle only while none of them is newer, else the TypeScript sources through tsx.
import { build } from 'esbuild';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const outdir = path.join(root, 'dist/cli');
rmSync(outdir, { recursive: true, force: true });
const result = await build({
  entryPoints: [path.join(root, 'src/cli/main.ts')],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['better-sqlite3', '@kubernetes/client-node', 'pino', 'pino-pretty'],
  // Bundled CommonJS dependencies call require() for Node's built-in modules.
  banner: { js: "import { createRequire as __twCreateRequire } from 'node:module'; const require = __twCreateRequire(import.meta.url);" },
  metafile: true,
  sourcemap: 'linked',
  logLevel: 'warning',
});
const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.includes('node_modules/')).map((f) => path.relative(root, path.resolve(root, f)));
writeFileSync(path.join(outdir, 'inputs.json'), `${JSON.stringify(inputs)}\n`);
