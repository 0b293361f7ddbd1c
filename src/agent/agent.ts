import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { ResolvedApplication } from '../core/application/application.js';
import { resolveApplication } from '../core/application/resolve-application.js';
import type { Manifest } from '../core/model/manifest.js';
import { refString } from '../core/model/object-ref.js';
import { createAppFileScanner } from '../app-files/app-file-scanner.js';
import type { EngineDeps } from '../engine/deps.js';
import type { PolicySet } from '../policy/admission/policy-set.js';
import { deleteApplication } from '../engine/delete-app.js';
import { builtinHealthChecks } from '../core/health/health-of.js';
import type { LoadedHealthChecks } from '../health-checks/load-health-checks.js';
import { createRenderer } from '../render/select-renderer.js';
import { remoteBaseFetcher } from '../engine/remote-bases.js';
import { createMemoryParseCache } from '../render/parse-cache.js';
import { createRenderCache } from '../render/render-cache.js';
import { TIDEWAY_VERSION } from '../version.js';
import { createGitSource } from '../source/git/index.js';
import type { AuditInput, Store } from '../store/store.js';
import { clusterGroups, createAppTargets } from './app-targets.js';
import { AppRegistry, type AppOrigin, type RegisteredApp } from './app-registry.js';
import { agentFiles, ensureAgentIdentity, ensureApiToken, removeAgentInfo, writeAgentInfo } from './agent-files.js';
import type { AgentOptions } from './agent-options.js';
import { createAgentControl } from './agent-control-impl.js';
import { createRefusalAudit } from './webhooks/refusal-audit.js';
import { createAgentEvents, type AgentEvents } from './agent-events.js';
import { createAppResources } from './app-resources.js';
import { createProjectGate } from './project-gate.js';
import { setUpAgentAuth, type AgentAuth } from './agent-auth.js';
import { openAgentAuthStore, openAgentStore } from './agent-stores.js';
import { checkApiBind } from './api-bind.js';
import { readFileSync } from 'node:fs';
import { publishingStore } from './publishing-store.js';
import type { AgentControl, InvalidAppFile } from './agent-control.js';
import { createApiApp, serveApi, type ServedApi } from './http/index.js';
import { createAgentMetrics, type AgentMetrics } from './metrics.js';
import { reconcileApp, type AppRuntime } from './reconcile-app.js';
import { createRepoFetcher } from './repo-fetcher.js';
import { jittered } from './jittered.js';
import { type FightState, fightDelayMs, healWaitMs, recordHeal } from '../core/reconcile/fight-guard.js';
import { type ClusterApps, watchClusterApplications } from './cluster-apps/index.js';
import { type ClusterProjects, watchClusterProjects } from './cluster-projects.js';
import { keySecretNamespace } from '../secrets/key-secret.js';
import { createRestClient } from '../target/kubernetes/rest-client.js';
import { withWriteFence } from '../target/kubernetes/write-fence.js';
import { createWorkQueue, type WorkItem, type WorkQueue } from './work-queue.js';
import { createAgentSharding } from './shards/agent-sharding.js';
import { LIFECYCLE_ACTIONS, writesLifecycleAudit, type LifecycleAction } from '../core/shards/index.js';
import { recordShardMetrics } from './shards/shard-metrics.js';

export interface Agent {
  control: AgentControl;
  /** What happens in the agent as it happens (status, syncs, audit): the dashboard's live updates. */
  events: AgentEvents;
  metrics: AgentMetrics;
  store: Store;
  /** The API's URL once started. */
  url(): string | undefined;
  /** The file holding the user admin's initial password, while it exists (written at the first start). */
  initialPasswordFile(): string | undefined;
  start(): Promise<void>;
  /** Graceful stop: no new work, running syncs finish (up to `timeoutMs`), API closed, store closed. */
  stop(timeoutMs?: number): Promise<void>;
  /** Resolves when no reconcile is queued or running. */
  idle(): Promise<void>;
  enqueue(app: string, item: WorkItem, delayMs?: number): void;
}

const APPLICATION_GROUP = 'tideway.dev';

/**
 * The long-running GitOps loop: loads Applications (files, directories, and app-of-apps children),
 * reconciles them on a worker pool when polled, pushed (webhooks), asked (API) or when their live
 * objects drift (watches), and records status, history and audit in SQLite.
 */
export function createAgent(options: AgentOptions): Agent {
  const clock = options.clock ?? (() => new Date());
  const random = options.random ?? Math.random;
  const log = options.log;
  const dataDir = path.resolve(options.dataDir);
  const agentNamespace = options.namespace ?? keySecretNamespace();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const events = createAgentEvents((error) => log.error({ err: (error as Error).message }, 'agent event listener failed'));
  const storeContext = { dbFile: agentFiles(dataDir).db, historyLimit: options.historyLimit, clock, log };
  const store = publishingStore(openAgentStore(options.store, storeContext), events, options.shards?.replicaId);
  const metrics = createAgentMetrics();
  /** This agent's identity in the inventories it writes: another agent leaves its apps alone. */
  // Sharded replicas are one agent to the inventories: any of them may take over an app from another.
  const manager = options.shards ? `agent/shards/${options.shards.namespace}` : ensureAgentIdentity(dataDir);
  const source = createGitSource({
    cacheDir: path.join(dataDir, 'git'),
    refusedDirs: [dataDir],
    keepCheckouts: 32,
    // Many apps of one commit share one checkout; reading each app's tree would cost git processes per app.
    inMemoryTrees: false,
    log: log.child({ component: 'git' }),
    onFetch: (r) => metrics.gitFetchDuration.observe({ result: r.ok ? 'ok' : 'error' }, r.durationMs / 1000),
  });
  const fetcher = createRepoFetcher(source, clock);
  const renderer = createRenderer({ fetchRemote: remoteBaseFetcher(source) });
  const renderCache = createRenderCache(path.join(dataDir, 'renders'), { version: TIDEWAY_VERSION });
  const parseCache = createMemoryParseCache();
  const registry = new AppRegistry();
  const runtimes = new Map<string, AppRuntime>();
  const projects = createProjectGate({
    registry,
    paths: options.apps,
    protectedDirs: [dataDir],
    agentNamespace,
    log,
    onChange: () => {
      for (const { app } of registry.list()) queue.add(app.name, { trigger: 'poll' });
    },
  });
  const pollTimers = new Map<string, NodeJS.Timeout>();
  const driftTimers = new Map<string, NodeJS.Timeout>();
  /** Per app, the streak of heals the fight guard watches (core/reconcile/fight-guard.ts). */
  const fights = new Map<string, FightState>();
  const targets = createAppTargets({
    kubeconfig: options.kubeconfig,
    watchNamespaces: options.watchApplications?.all === false ? options.watchApplications.namespaces : undefined,
    allowRoot: options.allowRoot,
    allowLoaderEnv: options.allowLoaderEnv,
    allowRemoteProbes: options.allowRemoteProbes,
    log,
    hostRoot: path.resolve(options.hostRoot ?? path.join(dataDir, 'host')),
    hostStateDir: path.join(dataDir, 'host-state'),
    onDrift: (name) => onDrift(name),
    onClusterRequest: (cluster, answered) => {
      metrics.clusterUp.set({ cluster }, answered ? 1 : 0);
      if (answered) metrics.clusterLastSuccess.set({ cluster }, Date.now() / 1000);
    },
    onHostDrift: (e) => {
      if (e.restored)
        audit({
          actor: 'agent',
          action: 'drift.healed',
          app: e.app,
          detail: { object: refString(e.ref), reason: e.reason, message: e.message },
        });
    },
  });
  let api: ServedApi | undefined;
  let agentPolicies: PolicySet | undefined;
  let healthChecks: LoadedHealthChecks | undefined;
  let agentAuth: AgentAuth | undefined;
  let rescanTimer: NodeJS.Timeout | undefined;
  let clusterApps: ClusterApps | undefined;
  let clusterProjects: (ClusterProjects & { client: { close(): void } }) | undefined;
  let ready = false;
  let stopping = false;
  /** Sharded replicas (`--shards`): only the holder of an app's shard Lease reconciles it. */
  const sharding =
    options.shards &&
    createAgentSharding({
      options: options.shards,
      kubeconfig: options.kubeconfig,
      registry,
      queue: () => queue,
      markInterrupted: (apps) => store.markInterrupted(clock(), { apps }),
      markStale: (apps) => {
        const repos = new Set(apps.flatMap((name) => registry.get(name)?.app.source.repoURL ?? []));
        for (const repoURL of repos) fetcher.markStale(repoURL);
      },
      recordAdded: (apps) => {
        for (const name of apps) {
          const entry = registry.get(name);
          if (entry) auditLifecycle('app.added', entry, { origin: entry.origin });
        }
      },
      log,
      onRound: (view) => recordShardMetrics(metrics, view, registry, sharding!),
      boundUrl: () => api?.url,
    });
  const ownsEntry = (e: RegisteredApp) =>
    !sharding || sharding.owns(e.app.name, e.origin.kind === 'cluster' ? e.origin.namespace : undefined);

  /** Records an audit event without waiting for it; a failed write is logged, never thrown. */
  function audit(event: AuditInput): void {
    store
      .appendAudit(event)
      .catch((error) => log.error({ err: (error as Error).message, action: event.action }, 'audit event not recorded'));
  }

  /** Lifecycle rows of sharded replicas, one after another: a shard taken while an app is added checks the store once. */
  let lifecycleRows: Promise<void> = Promise.resolve();
  /**
   * `app.added`/`app.updated`/`app.removed`: a single agent writes each; sharded replicas only the
   * owner, and `app.added` once per app across replicas (core/shards/app-lifecycle-audit.ts).
   */
  function auditLifecycle(action: LifecycleAction, entry: RegisteredApp, detail: Record<string, unknown>): Promise<void> {
    const app = entry.app.name;
    const failed = (error: unknown) => log.error({ err: (error as Error).message, action, app }, 'audit event not recorded');
    if (!sharding) return store.appendAudit({ actor: 'agent', action, app, detail }).then(() => undefined, failed);
    const write = async () => {
      if (!writesLifecycleAudit({ action, sharded: true, owns: ownsEntry(entry) })) return;
      const lastRecorded = action === 'app.added' ? await lastLifecycleRow(app) : undefined;
      if (!writesLifecycleAudit({ action, sharded: true, owns: ownsEntry(entry), lastRecorded })) return;
      await store.appendAudit({ actor: 'agent', action, app, detail });
    };
    lifecycleRows = lifecycleRows.then(write).catch(failed);
    return lifecycleRows;
  }

  /** The app's newest lifecycle row in the shared store (within its last 1000 audit rows). */
  async function lastLifecycleRow(app: string): Promise<LifecycleAction | undefined> {
    const rows = await store.listAudit({ app, limit: 1000 });
    for (let i = rows.length - 1; i >= 0; i--)
      if ((LIFECYCLE_ACTIONS as readonly string[]).includes(rows[i].action)) return rows[i].action as LifecycleAction;
    return undefined;
  }

  async function runtimeOf(name: string): Promise<AppRuntime> {
    let r = runtimes.get(name);
    if (!r) {
      const status = await store.getStatus(name);
      r = { attempts: 0, lastSyncedRevision: status?.lastSync?.result === 'Succeeded' ? status.lastSync.revision : undefined };
      runtimes.set(name, r);
    }
    return r;
  }

  async function depsFor(app: ResolvedApplication): Promise<EngineDeps> {
    const project = projects.objectsProject(app);
    const fetchBound = projects.fetchBound(app);
    const target = await targets.targetFor(app);
    return {
      source,
      renderer,
      renderCache,
      parseCache,
      target,
      log,
      clock,
      manager,
      agentPolicies,
      healthChecks: healthChecks?.entries,
      project,
      fetchBound,
    };
  }

  /** Watch and host events: reconcile the app soon (debounced); whether to heal is the reconcile's decision. */
  function onDrift(name: string) {
    const entry = registry.get(name);
    if (stopping || !entry) return;
    // Another replica's app, or a shard nobody holds now: remembered, healed first if this replica takes the shard.
    if (!ownsEntry(entry)) return sharding?.noteDrift(name);
    if (driftTimers.has(name)) return;
    const delay = options.driftDebounceMs ?? 20;
    driftTimers.set(
      name,
      setTimeout(() => {
        driftTimers.delete(name);
        queue.add(name, { trigger: 'drift' });
      }, delay),
    );
  }

  /** App of apps: an app whose render holds Applications manages them; they are not applied to the target. */
  function takeChildren(parent: ResolvedApplication, objects: Manifest[]): Manifest[] {
    const children: ResolvedApplication[] = [];
    const rest: Manifest[] = [];
    for (const o of objects) {
      if (o.kind === 'Application' && o.apiVersion.startsWith(`${APPLICATION_GROUP}/`)) {
        try {
          children.push(resolveApplication(o));
        } catch (error) {
          log.warn({ app: parent.name, child: o.metadata.name, err: (error as Error).message }, 'invalid child Application ignored');
        }
      } else rest.push(o);
    }
    if (children.length > 0 || registry.list().some((r) => r.origin.kind === 'parent' && r.origin.parent === parent.name)) {
      applyRegistryChange({ kind: 'parent', parent: parent.name }, children);
    }
    return rest;
  }

  function applyRegistryChange(origin: AppOrigin, apps: ResolvedApplication[]) {
    const change = registry.replace(origin, apps);
    for (const name of change.conflicts) log.warn({ app: name }, 'an Application of this name is already managed from elsewhere; ignored');
    for (const app of change.added) {
      if (options.staticApps) continue;
      void auditLifecycle('app.added', registry.get(app.name) ?? { app, origin }, { origin });
      schedulePoll(app);
      queue.add(app.name, { trigger: 'startup', fetch: true });
    }
    for (const app of change.updated) {
      if (options.staticApps) continue;
      void auditLifecycle('app.updated', registry.get(app.name) ?? { app, origin }, { origin });
      schedulePoll(app);
      queue.add(app.name, { trigger: 'startup', fetch: true });
    }
    // Resolves when removed apps are gone (their cascading deletion done): a cluster Application's finalizer waits for it.
    return Promise.all(change.removed.map((gone) => removeApp(gone))).then(() => undefined);
  }

  async function removeApp(entry: RegisteredApp) {
    const name = entry.app.name;
    queue.cancel(name);
    clearTimeout(pollTimers.get(name));
    pollTimers.delete(name);
    runtimes.delete(name);
    fights.delete(name);
    let pruned = 0;
    let postDelete: Record<string, unknown> = {};
    if (entry.app.cascadeDelete && ownsEntry(entry)) {
      try {
        // Prune, then the PostDelete hooks of the last synced revision (engine/delete-app.ts).
        const status = await store.getStatus(name);
        const revision = status?.lastSync?.revision ?? status?.revision?.sha;
        const result = await deleteApplication(await depsFor(entry.app), entry.app, {
          revision,
          timeoutMs: options.postDeleteTimeoutMs,
          onEvent: (e) => {
            if (e.type === 'hook') log.info({ app: name, hook: refString(e.ref), status: e.status, message: e.message }, 'PostDelete hook');
          },
        });
        pruned = result.pruned;
        if (result.hooks.length > 0 || result.problem)
          postDelete = {
            postDelete: result.hooks.map((h) => ({ hook: refString(h.ref), status: h.status, ...(h.message && { message: h.message }) })),
            ...(result.revision && { revision: result.revision }),
            ...(result.problem && { problem: result.problem }),
          };
        if (result.problem) log.warn({ app: name, problem: result.problem }, 'PostDelete hooks did not all succeed; the app is deleted');
      } catch (error) {
        log.error({ app: name, err: (error as Error).message }, 'cascading delete failed');
      }
    }
    await auditLifecycle('app.removed', entry, { cascade: entry.app.cascadeDelete, pruned, ...postDelete });
    await store.deleteApp(name);
  }

  function schedulePoll(app: ResolvedApplication) {
    clearTimeout(pollTimers.get(app.name));
    const t = setTimeout(
      () => {
        pollTimers.delete(app.name);
        if (stopping || !registry.get(app.name)) return;
        queue.add(app.name, { trigger: 'poll', fetch: true });
        schedulePoll(registry.get(app.name)!.app);
      },
      jittered(app.source.intervalMs, random),
    );
    t.unref?.();
    pollTimers.set(app.name, t);
  }

  const concurrency = options.concurrency ?? 8;
  const groups = clusterGroups(registry, concurrency);
  const queue: WorkQueue = createWorkQueue({
    concurrency,
    groupOf: groups.groupOf,
    groupLimit: groups.limit,
    onDepth: (d) => metrics.queueDepth.set(d),
    onStart: (_key, waitedMs) => metrics.queueWait.observe(waitedMs / 1000),
    onError: (key, error) => log.error({ app: key, err: (error as Error).message }, 'reconcile failed'),
    handler: async (name, item, signal) => {
      const entry = registry.get(name);
      if (!entry || !ownsEntry(entry)) return;
      const app = entry.app;
      const runtime = await runtimeOf(name);
      const started = process.hrtime.bigint();
      const reconcile = async () =>
        reconcileApp(
          {
            deps: await depsFor(app),
            store,
            resolve: (a, it) =>
              fetcher.resolve(
                { repoURL: a.source.repoURL, targetRevision: it.revision ?? a.source.targetRevision, path: a.source.path },
                { fetch: !!it.fetch && !it.revision, freshMs: Math.min(a.source.intervalMs / 2, 30_000) },
              ),
            onRendered: takeChildren,
            admit: (a) => projects.admit(a),
            healWaitMs: (a) => healWaitMs(fights.get(a), clock().getTime()),
            apps: () => registry.list().map((r) => r.app),
          },
          app,
          runtime,
          item,
          signal,
        );
      // Sharded: every write this reconcile sends to a cluster first checks, on this replica's clock, that
      // the app's shard is still held (a replica frozen past its Lease finds the fence closed on waking).
      const outcome = sharding
        ? await withWriteFence(
            () => (ownsEntry(entry) ? undefined : `this replica (${sharding.replicaId}) no longer holds the shard of ${name}`),
            reconcile,
          )
        : await reconcile();
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.reconcileDuration.observe({ app: name, result: outcome.result?.phase ?? outcome.syncStatus }, seconds);
      if (outcome.result && !outcome.result.dryRun) metrics.syncsTotal.inc({ result: outcome.result.phase, trigger: item.trigger });
      if (outcome.healed || outcome.driftReported) metrics.driftEvents.inc({ app: name });
      if (outcome.healed) {
        const fight = recordHeal(fights.get(name), clock().getTime());
        fights.set(name, fight);
        const delay = fightDelayMs(fight);
        if (delay > 0)
          audit({
            actor: 'agent',
            action: 'drift.backoff',
            app: name,
            detail: { delayMs: delay, streak: fight.streak, message: 'something keeps undoing this app; heals are delayed' },
          });
      }
      if (outcome.retryAfterMs !== undefined && !stopping)
        queue.add(name, { trigger: item.trigger, revision: item.revision, who: item.who }, outcome.retryAfterMs);
      log.info(
        { app: name, trigger: item.trigger, status: outcome.syncStatus, phase: outcome.result?.phase, ms: Math.round(seconds * 1000) },
        'reconciled',
      );
    },
  });

  const scanAppFiles = createAppFileScanner(options.apps);
  let invalidFiles: InvalidAppFile[] = [];
  /** Each file loads or fails on its own; a failure is logged when it first appears or changes. */
  async function loadFileApps(): Promise<ResolvedApplication[]> {
    await projects.reload();
    const scan = await scanAppFiles();
    const before = new Map(invalidFiles.map((f) => [f.file, f.error]));
    for (const f of scan.invalid)
      if (before.get(f.file) !== f.error)
        log.error({ file: f.file, err: f.error }, 'Application file not loaded; its apps stay as last loaded');
    for (const f of invalidFiles)
      if (!scan.invalid.some((g) => g.file === f.file)) log.info({ file: f.file }, 'Application file loads again');
    invalidFiles = scan.invalid;
    return scan.apps;
  }

  const refusals = createRefusalAudit(store, clock);
  const control = createAgentControl({
    refusals,
    store,
    registry,
    queue,
    fetcher,
    log,
    metrics,
    clock,
    secrets: options.webhookSecrets ?? {},
    isReady: () => ready,
    events,
    resources: createAppResources({
      depsFor,
      store,
      resolve: (a, revision) => {
        projects.assertAdmitted(a);
        return fetcher.resolve(
          { repoURL: a.source.repoURL, targetRevision: revision ?? a.source.targetRevision, path: a.source.path },
          { fetch: false, freshMs: 0 },
        );
      },
    }),
    invalidFiles: () => invalidFiles,
    sharding: sharding && {
      owns: ownsEntry,
      ownerOf: (e) => sharding.ownerOf(e.app.name, e.origin.kind === 'cluster' ? e.origin.namespace : undefined),
      forwardRefresh: async (e, who) => e.origin.kind === 'cluster' && sharding.requestRefresh(e.app.name, e.origin.namespace, who),
      async forwardWebhook(provider, request, entries, forwardedBy) {
        const names = entries.map((e) => e.app.name);
        const { outcomes, unrouted } = await sharding.forwardWebhook(provider, request, names, forwardedBy);
        return {
          forwarded: outcomes.filter((o) => !o.error).flatMap((o) => o.apps),
          failed: outcomes.flatMap((o) => (o.error ? [{ replica: o.owner, apps: o.apps, error: o.error }] : [])),
          unrouted,
        };
      },
    },
  });

  return {
    control,
    events,
    metrics,
    store,
    url: () => api?.url,
    initialPasswordFile: () => agentAuth?.initialPasswordFile,
    enqueue: (app, item, delayMs) => queue.add(app, item, delayMs),
    idle: () => queue.idle(),
    async start() {
      // Replicas sharing a store mark only their own syncs; those of a replica that died are marked by whoever takes its shard.
      const interrupted = await store.markInterrupted(clock(), sharding ? { owner: sharding.replicaId } : undefined);
      await store.appendAudit({ actor: 'agent', action: 'agent.started', detail: { pid: process.pid, interruptedSyncs: interrupted } });
      if (interrupted > 0)
        log.warn({ interrupted }, 'syncs interrupted by the previous agent are marked in history; their apps are reconciled now');
      if (options.policies?.length) {
        // Loaded only when asked for: the CEL engine takes 100-200 ms to set up at every start.
        const { loadLocalPolicies } = await import('../policy/load-policies.js');
        const { EMPTY_POLICY_SET, mergePolicySets } = await import('../policy/admission/policy-set.js');
        const sets = await Promise.all(options.policies.map((dir) => loadLocalPolicies(path.resolve(dir), renderer)));
        agentPolicies = mergePolicySets(EMPTY_POLICY_SET, ...sets);
      }
      if (options.healthChecks?.length) {
        const { loadHealthChecks } = await import('../health-checks/load-health-checks.js');
        healthChecks = await loadHealthChecks(
          options.healthChecks.map((p) => path.resolve(p)),
          builtinHealthChecks,
        );
        log.info(healthChecks.counts, 'health checks loaded');
      }
      const token = ensureApiToken(dataDir);
      const host = options.apiHost ?? '127.0.0.1';
      checkApiBind(host, { tls: !!options.tls, insecureHttp: options.insecureHttp });
      const tls = options.tls && { cert: readFileSync(options.tls.certFile), key: readFileSync(options.tls.keyFile) };
      agentAuth = await setUpAgentAuth({
        dataDir,
        dbFile: agentFiles(dataDir).db,
        store: openAgentAuthStore(options.store, storeContext),
        config: options.authConfig,
        adminToken: token,
        log,
        clock,
        audit,
        scryptCost: options.scryptCost,
      });
      const apiApp = createApiApp({
        control,
        token,
        metrics,
        log: log.child({ component: 'api' }),
        auth: agentAuth.auth,
        oidc: agentAuth.oidc,
        oidcRedirectUrl: options.authConfig?.oidc?.redirectUrl,
        secureCookies: !!tls,
      });
      api = await serveApi(apiApp, { host, port: options.apiPort ?? 7780, tls });
      writeAgentInfo(dataDir, { url: api.url, pid: process.pid });
      applyRegistryChange({ kind: 'file' }, await loadFileApps());
      sharding?.start();
      rescanTimer = setInterval(async () => {
        try {
          const again = await loadFileApps();
          if (!stopping) applyRegistryChange({ kind: 'file' }, again);
        } catch (error) {
          log.error({ err: (error as Error).message }, 'cannot scan the Application files; keeping the apps as they were');
        }
      }, options.appsRescanMs ?? 5000);
      rescanTimer.unref?.();
      if (options.watchApplications) {
        // The Projects of the agent's namespace first, so that no Application object is refused for want of them.
        const client = createRestClient({ kubeconfig: options.kubeconfig });
        const watch = watchClusterProjects({
          client,
          namespace: agentNamespace,
          onProjects: (list) => projects.setClusterProjects(list),
          log: log.child({ component: 'cluster-projects' }),
        });
        clusterProjects = { ...watch, client };
        await watch.ready;
      }
      if (options.watchApplications)
        clusterApps = watchClusterApplications({
          scope: options.watchApplications,
          kubeconfig: options.kubeconfig,
          registry,
          store,
          events,
          log: log.child({ component: 'cluster-apps' }),
          clock,
          apply: applyRegistryChange,
          refresh: (name, who) => control.refresh(name, who),
          owns: sharding && ((name, namespace) => sharding.owns(name, namespace)),
          forget: (app, origin) => removeApp({ app, origin }),
        });
      ready = true;
      log.info({ apps: registry.size(), api: api.url, dataDir }, 'agent started');
    },
    async stop(timeoutMs = 30_000) {
      if (stopping) return;
      stopping = true;
      ready = false;
      clearInterval(rescanTimer);
      clusterApps?.close();
      clusterProjects?.close();
      clusterProjects?.client.close();
      for (const t of [...pollTimers.values(), ...driftTimers.values()]) clearTimeout(t);
      await sharding?.stop();
      await queue.stop(timeoutMs);
      events.publish({ type: 'agent.stopping' });
      await api?.close();
      removeAgentInfo(dataDir);
      await targets.close({ stopHostServices: options.stopHostServicesOnStop ?? false });
      await refusals.flush();
      await store.appendAudit({ actor: 'agent', action: 'agent.stopped', detail: { pid: process.pid } });
      await store.close();
      healthChecks?.close();
      await agentAuth?.store.close();
      log.info('agent stopped');
    },
  };
}
