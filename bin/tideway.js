#!/usr/bin/env node
// Tideway's command line. Runs the esbuild bundle (npm run build) when it is newer than every
// source file, otherwise the TypeScript sources through tsx, so a stale bundle never runs.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundle = path.join(root, 'dist', 'cli', 'main.js');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

function bundleIsFresh() {
  if (process.env.TIDEWAY_FROM_SOURCE === '1' || !existsSync(bundle)) return false;
  return statSync(bundle).mtimeMs >= newestSource(path.join(root, 'src'));
}

let main;
if (bundleIsFresh()) {
  ({ main } = await import(pathToFileURL(bundle).href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(pathToFileURL(path.join(root, 'src', 'cli', 'main.ts')).href));
}
process.exitCode = await main(process.argv.slice(2));
