import { isMapping, type Mapping } from '../application/field-checks.js';
import { PROJECT_API_VERSION, PROJECT_KIND } from '../project/project.js';
import { pathOf, type FieldLedger } from './field-ledger.js';
import { carryKeys, importMetadata, loseKeys } from './import-metadata.js';

const KIND_LISTS = ['clusterResourceWhitelist', 'clusterResourceBlacklist', 'namespaceResourceWhitelist', 'namespaceResourceBlacklist'];

/**
 * An Argo CD AppProject as a Tideway Project (same semantics: repository globs with `!` denials,
 * destinations, cluster kinds denied unless whitelisted). Roles, sync windows, signature keys and
 * the other AppProject features Tideway has no Project field for are reported lost.
 */
export function importArgoProject(input: Mapping, ledger: FieldLedger): Mapping {
  ledger.carry('apiVersion');
  ledger.carry('kind');
  ledger.ignore('status', 'state Argo CD observed');
  const metadata = importMetadata(input.metadata, ledger, {
    finalizer: (name) =>
      name === 'resources-finalizer.argocd.argoproj.io' ? { lose: 'Tideway does not keep a Project while apps still name it' } : undefined,
    annotation: (key) => (/(^|\.)argoproj\.io\//.test(key) ? { lose: 'an Argo CD annotation with no meaning to Tideway' } : undefined),
  });
  const given = isMapping(input.spec) ? input.spec : {};
  const spec: Mapping = {};
  carryKeys(given, 'spec', spec, ['description', 'sourceRepos'], ledger);
  if (Array.isArray(given.destinations)) {
    spec.destinations = given.destinations.map((d: unknown, i) => {
      const at = pathOf('spec.destinations', i);
      if (!isMapping(d)) {
        ledger.carry(at);
        return d;
      }
      const out: Mapping = {};
      carryKeys(d, at, out, ['server', 'name', 'namespace'], ledger);
      return out;
    });
    if (given.destinations.length === 0) ledger.carry('spec.destinations');
  }
  for (const list of KIND_LISTS) {
    const items = given[list];
    if (!Array.isArray(items)) continue;
    spec[list] = items.map((gk: unknown, i) => {
      const at = pathOf(pathOf('spec', list), i);
      if (!isMapping(gk)) {
        ledger.carry(at);
        return gk;
      }
      const out: Mapping = {};
      carryKeys(gk, at, out, ['group', 'kind'], ledger);
      return out;
    });
    if (items.length === 0) ledger.carry(pathOf('spec', list));
  }
  loseKeys(
    given,
    'spec',
    {
      roles: 'Tideway’s access control is its users, tokens and roles of the agent (docs/security.md), not per project',
      syncWindows: 'Tideway has no sync windows',
      orphanedResources: 'Tideway does not report objects outside every app',
      signatureKeys: 'Tideway checks signatures per app: spec.source.verify (keys inline, in files or a Secret)',
      sourceNamespaces: 'Tideway watches the namespaces given with tideway agent --watch-namespace',
      destinationServiceAccounts: 'Tideway applies with the agent’s own credentials (or a registered cluster’s), not per project',
      permitOnlyProjectScopedClusters: 'Tideway has no project-scoped clusters',
    },
    ledger,
  );
  return { apiVersion: PROJECT_API_VERSION, kind: PROJECT_KIND, metadata, spec };
}
