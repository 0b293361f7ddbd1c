#!/usr/bin/env node
// Tideway's command line. Runs the esbuild bundle (npm run build) while no source file it was built
// from is newer than it, otherwise the TypeScript sources through tsx, so a stale bundle never runs.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundle = path.join(root, 'dist', 'cli', 'main.js');

function bundleIsFresh() {
  if (process.env.TIDEWAY_FROM_SOURCE === '1') return false;
  try {
    const built = statSync(bundle).mtimeMs;
    // The files the bundle was built from (scripts/build.mjs): an edit to any of them, or an import
    // added by one (which edits it), makes the bundle stale.
    const inputs = JSON.parse(readFileSync(path.join(root, 'dist', 'cli', 'inputs.json'), 'utf8'));
    for (const file of inputs) if ((statSync(path.join(root, file), { throwIfNoEntry: false })?.mtimeMs ?? Infinity) > built) return false;
    return true;
  } catch {
    return false;
  }
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
