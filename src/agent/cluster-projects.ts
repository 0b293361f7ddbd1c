import { PROJECT_GROUP, PROJECT_PLURAL, PROJECT_VERSION } from '../core/project/project-crd.js';
import { PROJECT_API_VERSION, PROJECT_KIND, type ResolvedProject } from '../core/project/project.js';
import { resolveProject } from '../core/project/resolve-project.js';
import type { Logger } from '../log/logger.js';
import type { RestClient } from '../target/kubernetes/rest-client.js';

interface ProjectObject {
  metadata: { name: string; namespace?: string; resourceVersion?: string; generation?: number };
  spec?: unknown;
}

export interface ClusterProjects {
  /** Resolves once the first list was answered (or failed: the agent starts without cluster Projects then). */
  ready: Promise<void>;
  close(): void;
}

/** The path of the Projects of one namespace. */
export const projectsPath = (namespace: string) =>
  `/apis/${PROJECT_GROUP}/${PROJECT_VERSION}/namespaces/${encodeURIComponent(namespace)}/${PROJECT_PLURAL}`;

/**
 * List+watch of the Project objects of the agent's own namespace (Projects elsewhere are never read:
 * whoever can write in another namespace must not widen what apps may do). Each change hands the valid
 * Projects to `onProjects`; an invalid one is left out (its apps are then refused as of an unknown
 * project: fail closed) and logged once per generation. A missing CRD or RBAC is logged and retried.
 */
export function watchClusterProjects(options: {
  client: RestClient;
  namespace: string;
  onProjects(projects: ResolvedProject[]): void;
  log: Logger;
  /** Pause before a list is tried again after an error (default 5 s). */
  retryMs?: number;
}): ClusterProjects {
  const { client, log } = options;
  const path = projectsPath(options.namespace);
  const abort = new AbortController();
  const objects = new Map<string, ProjectObject>();
  const reported = new Map<string, string>();
  const retryMs = options.retryMs ?? 5000;
  let lastError: string | undefined;

  function publish(): void {
    const projects: ResolvedProject[] = [];
    for (const o of objects.values()) {
      try {
        projects.push(
          resolveProject({ apiVersion: PROJECT_API_VERSION, kind: PROJECT_KIND, metadata: { name: o.metadata.name }, spec: o.spec }),
        );
        reported.delete(o.metadata.name);
      } catch (error) {
        const seen = `${o.metadata.generation ?? ''}`;
        if (reported.get(o.metadata.name) !== seen)
          log.warn({ project: o.metadata.name, namespace: options.namespace, err: (error as Error).message }, 'invalid Project ignored');
        reported.set(o.metadata.name, seen);
      }
    }
    options.onProjects(projects);
  }

  function failed(error: unknown): void {
    const message = (error as Error).message;
    if (message !== lastError) log.warn({ namespace: options.namespace, err: message }, 'Projects of the cluster not read; retrying');
    lastError = message;
  }

  async function list(): Promise<string> {
    const res = await client.request<{ items?: ProjectObject[]; metadata?: { resourceVersion?: string } }>('GET', path);
    if (res.status !== 200) throw new Error(`list ${path}: HTTP ${res.status}`);
    objects.clear();
    for (const item of res.body.items ?? []) objects.set(item.metadata.name, item);
    lastError = undefined;
    publish();
    return res.body.metadata?.resourceVersion ?? '';
  }

  const pause = () => new Promise((r) => setTimeout(r, retryMs).unref?.());

  async function loop(firstVersion: string | undefined): Promise<void> {
    let version = firstVersion;
    while (!abort.signal.aborted) {
      if (version === undefined) {
        try {
          version = await list();
        } catch (error) {
          if (abort.signal.aborted) return;
          failed(error);
          await pause();
          continue;
        }
      }
      try {
        let expired = false;
        await client.stream(
          path,
          { watch: '1', resourceVersion: version, allowWatchBookmarks: 'true', timeoutSeconds: '300' },
          (line) => {
            const event = JSON.parse(line) as { type: string; object: ProjectObject };
            if (event.type === 'ERROR') {
              expired = true;
              return;
            }
            if (event.object.metadata?.resourceVersion) version = event.object.metadata.resourceVersion;
            if (event.type === 'BOOKMARK') return;
            if (event.type === 'DELETED') objects.delete(event.object.metadata.name);
            else objects.set(event.object.metadata.name, event.object);
            publish();
          },
          abort.signal,
        );
        if (expired) version = undefined;
      } catch (error) {
        if (abort.signal.aborted) return;
        failed(error);
        version = undefined;
        await pause();
      }
    }
  }

  const ready = list().then(
    (version) => {
      void loop(version);
    },
    (error) => {
      failed(error);
      void loop(undefined);
    },
  );
  return { ready, close: () => abort.abort() };
}
