import path from 'node:path';
import type { ResolvedApplication } from '../core/application/application.js';
import type { Manifest } from '../core/model/manifest.js';
import type { FetchBound } from '../core/project/check-fetch.js';
import type { RenderInput, Renderer, RenderWarning } from '../render/renderer.js';
import { readFileInside } from '../fs/confined-fs.js';
import { resolveFileSources } from '../target/host/file-sources.js';
import type { RenderCache } from '../render/render-cache.js';
import type { ParseCache } from '../render/parse-cache.js';
import type { Source, SourceSpec } from '../source/source.js';
import type { Revision } from '../core/model/revision.js';
import os from 'node:os';
import { RenderError } from '../core/errors.js';
import type { RenderedObject } from '../core/model/manifest.js';
import { findCiphertext } from '../core/secrets/find-ciphertext.js';
import type { SensitiveValues } from '../core/secrets/sensitive-values.js';
import { createEnvKeySource } from '../secrets/sops/env-key-source.js';
import { decryptedCheckoutCopy, decryptSourceTree } from '../secrets/sops/decrypt-sources.js';
import type { SopsKeySource } from '../secrets/sops/key-source.js';
import { verifyRevision } from '../source/git/verify/verify-revision.js';
import { TrustedKeyError } from '../source/git/verify/trusted-keys.js';
import { createSecretKeySource, keySecretNamespace, readVerifyKeySecret } from '../secrets/key-secret.js';
import type { Target } from '../target/target.js';
import { helmClusterReader } from './helm-cluster-reader.js';

export interface RenderedApp {
  revision: Revision;
  objects: Manifest[];
  /** What the render warned about without failing (deprecated kustomization fields), in the order given. */
  warnings: RenderWarning[];
  /**
   * Writes what this render adds to the render and parse caches, a slice per turn of the event loop,
   * once however often it is called; never fails (a cache not written only costs work next time).
   * Left to the caller, so that the writing overlaps its wait on the network instead of delaying its
   * first request; the caller awaits it before it ends.
   */
  saveCaches(): Promise<void>;
  /** Values decrypted from SOPS files: shown masked (render, diff), never logged nor stored. */
  sensitive?: SensitiveValues;
  /** Who signed the revision, when the app has `spec.source.verify`. */
  signers?: string[];
}

const nothingToSave = () => Promise.resolve();

type RenderDeps = {
  source: Source;
  renderer: Renderer;
  renderCache?: RenderCache;
  parseCache?: ParseCache;
  /** Keys for apps with `spec.source.decryption` (default: the environment, SOPS_AGE_KEY and friends). */
  sopsKeys?: SopsKeySource;
  /**
   * Where Secrets an app names for its keys (`secretRef`) are read: the target (Kubernetes), when it can.
   * Also the destination Helm's `lookup` reads for apps with `helm.lookup: true` (diff, sync, the agent).
   */
  target?: Pick<Target, 'readSecret'>;
  /** The namespace of those Secrets (default: TIDEWAY_NAMESPACE, else tideway-system). */
  secretNamespace?: string;
  /** The app's project's bound on what the render fetches by itself (remote bases, chart archives elsewhere). */
  fetchBound?: FetchBound;
};

/** The Secret an app names for its keys, with a reader; an error when the target cannot read Secrets. */
function keySecret(deps: RenderDeps, name: string) {
  const read = deps.target?.readSecret?.bind(deps.target);
  if (!read)
    throw new RenderError(`keys from Secret ${name}: Secrets can be read only from a Kubernetes destination`, { code: 'DecryptionFailed' });
  return { read, namespace: deps.secretNamespace ?? keySecretNamespace(), name };
}

/** An app may not carry the Secret holding its own keys: a commit could then replace what it is checked with. */
function refuseOwnKeySecret(objects: Manifest[], deps: RenderDeps, app: ResolvedApplication): void {
  const names = [app.source.decryption?.secretRef?.name, app.source.verify?.keys.secretRef?.name].filter((n): n is string => !!n);
  if (names.length === 0) return;
  const namespace = deps.secretNamespace ?? keySecretNamespace();
  const own = objects.find(
    (o) => o.kind === 'Secret' && (o.metadata.namespace ?? app.destination.namespace) === namespace && names.includes(o.metadata.name),
  );
  if (own)
    throw new RenderError(
      `Secret ${namespace}/${own.metadata.name} holds this app's own keys (secretRef) and cannot be part of its desired state: a commit could replace them`,
      { code: 'InvalidApplication' },
    );
}

/** What a render of an app with `spec.source.decryption` learns: the values it decrypted. */
type Decrypting = { keys: SopsKeySource; sensitive?: SensitiveValues };

/**
 * Resolves the app's revision and renders its path: from the commit's files in memory when the source
 * and the renderer can (a plain directory), else from a checkout. Throws (SourceError, RenderError) on
 * any failure: a partial render must never reach apply or prune.
 * `revisionOverride` is a revision name to resolve instead of `targetRevision`, a resolved commit, or
 * a resolve of the caller's under way.
 * `onSourceWaiting` is called once the source waits on a fetch (its git process running), or at
 * once when the revision is given or under way; the caller may then use the main thread for other work.
 */
export async function renderApplication(
  deps: RenderDeps,
  app: ResolvedApplication,
  revisionOverride?: string | Revision | Promise<Revision>,
  onSourceWaiting?: () => void,
): Promise<RenderedApp> {
  if (app.source.chart !== undefined || app.source.repoURL.startsWith('oci://')) {
    // A chart of a Helm repository or an OCI registry: no Git involved.
    onSourceWaiting?.();
    const { renderRepoChartApp } = await import('../render/helm/render-repo-chart.js');
    const clusterReader = app.source.helm?.lookup ? helmClusterReader(deps.target) : undefined;
    const readRefFile = refFileReader(deps, app);
    return {
      ...(await renderRepoChartApp(app, { clusterReader, readRefFile, fetchBound: deps.fetchBound })),
      warnings: [],
      saveCaches: nothingToSave,
    };
  }
  if (typeof revisionOverride === 'object') onSourceWaiting?.();
  const resolved = typeof revisionOverride === 'object' ? await revisionOverride : undefined;
  const spec = {
    repoURL: app.source.repoURL,
    targetRevision: resolved?.sha ?? (revisionOverride as string | undefined) ?? app.source.targetRevision,
    path: app.source.path,
  };
  const revision = resolved ?? (await deps.source.resolve(spec, { onFetchStarted: onSourceWaiting }));
  // An unsigned or badly signed revision is never rendered: VerificationFailed names the commit and the signer.
  const signers = app.source.verify
    ? (
        await verifyRevision({
          source: deps.source,
          spec: { ...spec, targetRevision: typeof revisionOverride === 'string' ? revisionOverride : app.source.targetRevision },
          commit: revision.sha,
          verify: app.source.verify,
          fromSecret: app.source.verify.keys.secretRef
            ? async (name) => {
                try {
                  const secret = keySecret(deps, name);
                  return await readVerifyKeySecret(secret.read, secret.namespace, secret.name);
                } catch (error) {
                  throw new TrustedKeyError((error as Error).message); // fails closed: VerificationFailed
                }
              }
            : undefined,
        })
      ).signers
    : undefined;
  // Decrypted objects are never cached: the caches may be written to disk.
  const secretRef = app.source.decryption?.secretRef;
  const decrypting: Decrypting | undefined = app.source.decryption
    ? {
        keys: secretRef
          ? (() => {
              const secret = keySecret(deps, secretRef.name);
              return createSecretKeySource(secret.read, secret.namespace, secret.name, deps.sopsKeys ?? createEnvKeySource());
            })()
          : (deps.sopsKeys ?? createEnvKeySource()),
      }
    : undefined;
  // Helm options are not part of the cache key: an app with them renders each time.
  const cache = app.source.allowRemoteBases || decrypting || app.source.helm ? undefined : deps.renderCache;
  const key = { sha: revision.sha, path: app.source.path, directory: app.source.directory, allowEmpty: app.syncPolicy.allowEmpty };
  const cached = cache?.get(key);
  if (cached)
    return { revision, objects: cached.objects, warnings: cached.warnings, saveCaches: nothingToSave, ...(signers && { signers }) };
  const warnings: RenderWarning[] = [];
  const input = {
    path: app.source.path,
    directory: app.source.directory,
    allowRemoteBases: app.source.allowRemoteBases,
    fetchBound: deps.fetchBound,
    allowEmpty: app.syncPolicy.allowEmpty,
    parseCache: decrypting ? undefined : deps.parseCache,
    onWarning: (w: RenderWarning) => warnings.push(w),
    // For a chart directory (the Helm renderer): the release name and namespace defaults, the options.
    helm: app.source.helm,
    appName: app.name,
    destinationNamespace: app.destination.namespace,
    clusterReader: app.source.helm?.lookup ? helmClusterReader(deps.target) : undefined,
    readRefFile: refFileReader(deps, app),
  };
  const objects =
    (await renderFromTree(deps, spec, revision.sha, input, decrypting)) ??
    (await renderFromCheckout(deps, spec, revision.sha, input, decrypting));
  refuseOwnKeySecret(objects, deps, app);
  let saving: Promise<void> | undefined;
  const saveCaches = () =>
    (saving ??= (async () => {
      try {
        await deps.parseCache?.flush?.();
        await cache?.put(key, objects, warnings);
      } catch {
        // As said on RenderedApp.saveCaches.
      }
    })());
  return {
    revision,
    objects,
    warnings,
    saveCaches,
    ...(decrypting?.sensitive && { sensitive: decrypting.sensitive }),
    ...(signers && { signers }),
  };
}

/**
 * Reads `$ref/path` value files (spec.sources): the ref source's targetRevision is resolved and the
 * file read from its checkout through the same hardened Git source and confined reader as the app's
 * own files. Undefined when a file does not exist (the chart side applies ignoreMissingValueFiles).
 */
function refFileReader(
  deps: RenderDeps,
  app: ResolvedApplication,
): ((ref: string, file: string) => Promise<string | undefined>) | undefined {
  const refs = app.refSources;
  if (!refs || refs.length === 0) return undefined;
  return async (ref, file) => {
    const source = refs.find((r) => r.ref === ref);
    if (!source)
      throw new RenderError(`spec.source.helm.valueFiles: $${ref}/${file} names no source of spec.sources with ref: ${ref}`, {
        code: 'InvalidApplication',
      });
    const spec = { repoURL: source.repoURL, targetRevision: source.targetRevision, path: '.' };
    const revision = await deps.source.resolve(spec);
    const checkout = await deps.source.checkout(spec, revision.sha);
    try {
      return (await readFileInside(checkout.dir, file)).text;
    } catch (error) {
      if (/no such file|ENOENT/.test((error as Error).message)) return undefined;
      throw error;
    } finally {
      await checkout.release();
    }
  };
}

/** Refuses a render that still holds SOPS ciphertext: it must never be applied. */
function refuseCiphertext(rendered: RenderedObject[], decrypting: Decrypting | undefined): void {
  const found = findCiphertext(rendered);
  if (!found) return;
  const { object, origin } = found.object;
  const where = origin ? `${origin.file}${origin.line ? `:${origin.line}` : ''}: ` : '';
  const what = `${object.kind}/${object.metadata?.name ?? '(no name)'}`;
  const why = decrypting
    ? 'still holds SOPS ciphertext after decryption (is the file named for its format: .yaml, .json, .env, .ini?)'
    : 'is SOPS-encrypted but the app has no spec.source.decryption (set provider: sops)';
  throw new RenderError(`${where}${what} ${why} (field ${found.field})`, {
    file: origin?.file,
    line: origin?.line,
    code: 'DecryptionFailed',
  });
}

/** The objects rendered from the commit's files in memory; undefined when a checkout is needed. */
async function renderFromTree(
  deps: RenderDeps,
  spec: SourceSpec,
  sha: string,
  input: Omit<RenderInput, 'root'>,
  decrypting?: Decrypting,
): Promise<Manifest[] | undefined> {
  if (!deps.source.readTree || !deps.renderer.renderTree) return undefined;
  let tree = await deps.source.readTree(spec, sha);
  if (tree && decrypting) {
    const decrypted = await decryptSourceTree(tree, decrypting.keys);
    tree = decrypted.tree;
    decrypting.sensitive = decrypted.sensitive;
  }
  const rendered = tree && (await deps.renderer.renderTree({ ...input, tree }));
  if (!rendered) return undefined;
  refuseCiphertext(rendered, decrypting);
  const objects = rendered.map((r) => r.object);
  // Host Files taking their content from a repository file read it from a checkout, with the confined reader.
  let readsFiles = false;
  await resolveFileSources(objects, async () => {
    readsFiles = true;
    return '';
  });
  if (readsFiles) return undefined;
  return objects;
}

async function renderFromCheckout(
  deps: RenderDeps,
  spec: SourceSpec,
  sha: string,
  input: Omit<RenderInput, 'root'>,
  decrypting?: Decrypting,
): Promise<Manifest[]> {
  const checkout = await deps.source.checkout(spec, sha);
  // With decryption, a private copy of the checkout with the SOPS files decrypted (removed right after).
  const copy = decrypting
    ? await decryptedCheckoutCopy(checkout.dir, os.tmpdir(), decrypting.keys).catch(releaseThen(checkout))
    : undefined;
  if (copy && decrypting) decrypting.sensitive = copy.sensitive;
  const root = copy?.dir ?? checkout.dir;
  try {
    const rendered = await deps.renderer.render({ ...input, root });
    refuseCiphertext(rendered, decrypting);
    // Host Files may take their content from a file of the repository (relative to the app's path).
    const base = path.join(root, input.path);
    return await resolveFileSources(
      rendered.map((r) => r.object),
      async (rel) => (await readFileInside(root, rel, { base })).text,
    );
  } finally {
    await copy?.release();
    await checkout.release();
  }
}

function releaseThen(checkout: { release(): Promise<void> }) {
  return async (error: unknown): Promise<never> => {
    await checkout.release();
    throw error;
  };
}
