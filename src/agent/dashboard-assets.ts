import { fileURLToPath } from 'node:url';

/**
 * Where `scripts/build.mjs` writes the dashboard's files (`dist/dashboard/`). This file sits one folder
 * below src/, as deep as the CLI bundle (dist/cli/), so the same relative path works from both.
 */
export const DASHBOARD_DIR = fileURLToPath(new URL('../../dist/dashboard/', import.meta.url));
