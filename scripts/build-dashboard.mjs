// Bundles the dashboard (src/dashboard/web, preact + htm) with esbuild into dist/dashboard:
// assets/main-<hash>.js and assets/main-<hash>.css (content-hashed, so the agent serves them as
// immutable) and an index.html that names them (revalidated on each load).
import { build } from 'esbuild';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export async function buildDashboard(root) {
  const outdir = path.join(root, 'dist/dashboard');
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(path.join(outdir, 'assets'), { recursive: true });
  const result = await build({
    entryPoints: [path.join(root, 'src/dashboard/web/main.ts'), path.join(root, 'src/dashboard/web/style.css')],
    outdir: path.join(outdir, 'assets'),
    entryNames: '[name]-[hash]',
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome110', 'firefox110', 'safari16'],
    minify: true,
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    tsconfig: path.join(root, 'src/dashboard/web/tsconfig.json'),
  });
  const outputs = Object.keys(result.metafile.outputs).map((f) => path.basename(f));
  const js = outputs.find((f) => f.startsWith('main-') && f.endsWith('.js'));
  const css = outputs.find((f) => f.startsWith('style-') && f.endsWith('.css'));
  writeFileSync(
    path.join(outdir, 'index.html'),
    `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tideway</title>
<link rel="stylesheet" href="/assets/${css}">
<script type="module" src="/assets/${js}"></script>
</head>
<body>
<div id="root"></div>
</body>
</html>
`,
  );
}
