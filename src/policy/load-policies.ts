import type { ResolvedApplication } from '../core/application/application.js';
import type { Manifest } from '../core/model/manifest.js';
import type { Revision } from '../core/model/revision.js';
import type { Renderer } from '../render/renderer.js';
import { createRenderer } from '../render/select-renderer.js';
import type { Source } from '../source/source.js';
import {
  enforcePolicies,
  EMPTY_POLICY_SET,
  mergePolicySets,
  policySetOf,
  type AdmissionContext,
  type PolicySet,
  type Violation,
} from './admission/index.js';

/**
 * Reads a directory of policies (ValidatingAdmissionPolicies, their bindings and params objects) as the
 * app renderer reads manifests: plain YAML/JSON, recursively, or a kustomization. Errors name the file.
 */
export async function loadPolicyDirectory(
  input: { root: string; path: string },
  renderer: Renderer = createRenderer(),
): Promise<PolicySet> {
  return policySetOf(await renderer.render({ root: input.root, path: input.path, directory: { recurse: true } }));
}

/** The agent's own policies (`--policies DIR`): applied to every app it syncs. */
export function loadLocalPolicies(dir: string, renderer?: Renderer): Promise<PolicySet> {
  return loadPolicyDirectory({ root: dir, path: '.' }, renderer);
}

/** An app's `spec.policies` directories at the commit being synced, from a checkout of that commit. */
export async function loadAppPolicies(
  source: Source,
  app: ResolvedApplication,
  revision: Revision,
  renderer?: Renderer,
): Promise<PolicySet> {
  if (!app.policies?.length) return EMPTY_POLICY_SET;
  const checkout = await source.checkout(
    { repoURL: app.source.repoURL, targetRevision: revision.sha, path: app.source.path },
    revision.sha,
  );
  try {
    const sets = [];
    for (const p of app.policies) sets.push(await loadPolicyDirectory({ root: checkout.dir, path: p.path }, renderer));
    return mergePolicySets(...sets);
  } finally {
    await checkout.release();
  }
}

/**
 * What the sync runner calls once it has the objects it will apply (namespaces filled in) and before it
 * writes anything: the agent's policies and the app's own (`spec.policies`, from the same commit) are
 * evaluated on them. Throws PolicyDeniedError (code `PolicyDenied`) when a violation's binding has
 * `Deny` or a policy is unusable; returns the Warn/Audit violations to report. `liveObject` makes an
 * object an UPDATE against what the cluster has.
 */
export async function enforceAppPolicies(
  deps: { source: Source; agentPolicies?: PolicySet; renderer?: Renderer },
  app: ResolvedApplication,
  revision: Revision,
  objects: readonly Manifest[],
  context: AdmissionContext = {},
): Promise<Violation[]> {
  const own = await loadAppPolicies(deps.source, app, revision, deps.renderer);
  const set = mergePolicySets(deps.agentPolicies ?? EMPTY_POLICY_SET, own);
  return enforcePolicies(objects, set, { defaultNamespace: app.destination.namespace, ...context });
}
