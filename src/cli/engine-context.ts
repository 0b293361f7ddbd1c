import os from 'node:os';
import path from 'node:path';
import type { ResolvedApplication } from '../core/application/application.js';
import { TidewayError } from '../core/errors.js';
import type { EngineDeps } from '../engine/deps.js';
import { createStderrLogger } from '../log/stderr-logger.js';
import { createRenderer } from '../render/select-renderer.js';
import { remoteBaseFetcher } from '../engine/remote-bases.js';
import { createRenderCache } from '../render/render-cache.js';
import { createFileParseCache } from '../render/parse-cache.js';
import { createHash } from 'node:crypto';
import { TIDEWAY_VERSION } from '../version.js';
import { createGitSource } from '../source/git/index.js';
import type { Target } from '../target/target.js';
import { withOwnClusterName } from '../target/kubernetes/in-cluster.js';
import type { Revision } from '../core/model/revision.js';

export const DEFAULT_CACHE_DIR = path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'tideway');

/** Where the CLI keeps git mirrors, checkouts, rendered commits and discovery (TIDEWAY_CACHE_DIR, else ~/.cache/tideway). */
export function cacheRoot(): string {
  return process.env.TIDEWAY_CACHE_DIR ?? DEFAULT_CACHE_DIR;
}

/** Loads the Applications of a file; `-f` may hold several documents, `--app NAME` picks one. */
export async function loadApps(file: string, only?: string): Promise<ResolvedApplication[]> {
  const { loadApplications } = await import('../app-files/load-applications.js');
  const apps = await loadApplications(file);
  const picked = only ? apps.filter((a) => a.name === only) : apps;
  if (picked.length === 0)
    throw new TidewayError('InvalidApplication', only ? `${file}: no Application named "${only}"` : `${file}: no Application found`);
  return picked;
}

export async function createTargetFor(app: ResolvedApplication, flags: { kubeconfig?: string }): Promise<Target & { close?: () => void }> {
  if (app.destination.target === 'host') {
    throw new TidewayError(
      'InvalidApplication',
      `${app.name}: destination.target "host" runs under the agent (tideway agent / tideway up)`,
    );
  }
  const { createKubernetesTarget } = await import('../target/kubernetes/index.js');
  const discoveryCacheDir = path.join(cacheRoot(), 'discovery');
  const destination = withOwnClusterName(app.destination);
  if (destination.name) {
    // A registered cluster: its Secret is read from the cluster of the current kubeconfig context.
    const { findRegisteredCluster } = await import('../target/kubernetes/cluster-secret.js');
    const { keySecretNamespace } = await import('../secrets/key-secret.js');
    const home = createKubernetesTarget({ kubeconfig: flags.kubeconfig });
    try {
      const resolved = await findRegisteredCluster(home.client, keySecretNamespace(), destination.name);
      return createKubernetesTarget({ resolved, discoveryCacheDir });
    } finally {
      home.close();
    }
  }
  return createKubernetesTarget({
    kubeconfig: flags.kubeconfig,
    context: destination.context,
    server: destination.server,
    discoveryCacheDir,
  });
}

/**
 * The engine's parts for one app. With `resolveFirst`, the app's `targetRevision` is resolved first:
 * git is fetching before the target is set up (kubeconfig, TLS), and `revision` is that resolve,
 * for the sync to use.
 */
export async function engineDeps(
  app: ResolvedApplication,
  flags: { kubeconfig?: string; verbose?: boolean },
  options: { resolveFirst?: boolean } = {},
): Promise<EngineDeps & { close(): void; revision?: Promise<Revision> }> {
  const source = createGitSource({ cacheDir: path.join(cacheRoot(), 'git'), keepCheckouts: 8 });
  let revision: Promise<Revision> | undefined;
  if (options.resolveFirst) {
    let fetching!: () => void;
    const underWay = new Promise<void>((resolve) => {
      fetching = resolve;
    });
    revision = source.resolve(
      { repoURL: app.source.repoURL, targetRevision: app.source.targetRevision, path: app.source.path },
      { onFetchStarted: fetching },
    );
    revision.then(fetching, fetching); // (a failure is the sync's to report, when it awaits the revision)
    await underWay;
  }
  let target: Awaited<ReturnType<typeof createTargetFor>>;
  try {
    target = await createTargetFor(app, flags);
  } catch (error) {
    await source.close(); // stops the fetch started above
    throw error;
  }
  return {
    revision,
    source,
    renderer: createRenderer({ fetchRemote: remoteBaseFetcher(source) }),
    renderCache: createRenderCache(path.join(cacheRoot(), 'renders'), { version: TIDEWAY_VERSION }),
    // One file per app source: the parsed files of its last render, reused by the next commit's render.
    parseCache: createFileParseCache(
      path.join(
        cacheRoot(),
        'renders',
        'parsed',
        `${createHash('sha256')
          .update(JSON.stringify([app.source.repoURL, app.source.path, app.source.directory]))
          .digest('hex')
          .slice(0, 32)}.json`,
      ),
    ),
    target,
    log: createStderrLogger(flags.verbose ? 'debug' : 'warn'),
    clock: () => new Date(),
    close: () => target.close?.(),
  };
}
