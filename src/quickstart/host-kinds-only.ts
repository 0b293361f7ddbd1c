import type { Manifest } from '../core/model/manifest.js';
import { HOST_GROUP } from '../target/host/host-kinds.js';
import { QuickstartError } from './quickstart-error.js';

/**
 * `tideway up --repo` applies to this machine, whose target takes only host.tideway.dev kinds. A path
 * of Kubernetes manifests is refused at once, naming what was found and where such manifests go,
 * instead of the agent retrying a sync that cannot succeed until the timeout.
 */
export function assertHostKindsOnly(objects: Manifest[], repo: { url: string; path: string }): void {
  const others = objects.filter((o) => !o.apiVersion?.startsWith(`${HOST_GROUP}/`));
  if (others.length === 0) return;
  const shown = others.slice(0, 3).map((o) => `${o.kind}/${o.metadata?.name} (${o.apiVersion})`);
  const more = others.length > 3 ? ` and ${others.length - 3} more` : '';
  throw new QuickstartError(
    'InvalidApplication',
    `${repo.url} (path ${repo.path}): tideway up applies to this machine, whose host target takes only ${HOST_GROUP} kinds (File, Service); ` +
      `found ${shown.join(', ')}${more}. Kubernetes manifests go to a cluster: tideway sync -f app.yaml, or tideway agent --apps DIR`,
  );
}
