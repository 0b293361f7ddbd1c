import { isMapping, type Mapping } from '../application/field-checks.js';
import type { FieldLedger } from './field-ledger.js';
import { fluxSourceHead, type FluxGitSource } from './flux-git-repository.js';
import { loseKeys } from './import-metadata.js';

const CREDENTIALS = 'registry and repository credentials are the agent’s, not part of a Tideway Application';

/**
 * A Flux HelmRepository (https:// or `type: oci`) as the chart repository of a Tideway source: the
 * HelmReleases that name it add `chart` and `targetRevision` (the chart version or range).
 */
export function importFluxHelmRepository(input: Mapping, ledger: FieldLedger): FluxGitSource {
  const { spec, source } = fluxSourceHead(input, ledger);
  if (spec.type !== undefined) ledger.carry('spec.type');
  if (spec.interval !== undefined) {
    source.interval = spec.interval;
    ledger.carry('spec.interval');
  }
  if (spec.suspend !== undefined) ledger.change('spec.suspend', 'imported as manual sync of every app using this repository');
  loseKeys(
    spec,
    'spec',
    {
      secretRef: CREDENTIALS,
      certSecretRef: CREDENTIALS,
      passCredentials: CREDENTIALS,
      provider: 'Tideway has no cloud-provider registry authentication',
      insecure: 'Tideway does not fetch charts over plain HTTP or unverified TLS',
      timeout: 'the fetch timeout is the agent’s, not per repository',
      accessFrom: 'Tideway has no cross-namespace source access control',
    },
    ledger,
  );
  return { source, suspended: spec.suspend === true };
}

/** A Flux OCIRepository holding a chart (a HelmRelease's `chartRef`): `oci://registry/path/chart` at a tag or semver range. */
export function importFluxOCIRepository(input: Mapping, ledger: FieldLedger): FluxGitSource {
  const { spec, source } = fluxSourceHead(input, ledger);
  if (isMapping(spec.ref)) {
    ledger.visit('spec.ref');
    // Flux's precedence: digest, then semver, then tag.
    if (spec.ref.digest !== undefined) ledger.lose('spec.ref.digest', 'Tideway pulls a chart version (tag or range), not a digest');
    const version = spec.ref.semver ?? spec.ref.tag;
    if (version !== undefined) source.targetRevision = version;
    for (const key of ['semver', 'tag'])
      if (spec.ref[key] !== undefined)
        if (key === 'tag' && spec.ref.semver !== undefined) ledger.ignore('spec.ref.tag', 'Flux uses ref.semver when both are set');
        else ledger.carry(`spec.ref.${key}`);
    if (spec.ref.semverFilter !== undefined) ledger.lose('spec.ref.semverFilter', 'Tideway has no filter of chart versions');
  }
  if (spec.interval !== undefined) {
    source.interval = spec.interval;
    ledger.carry('spec.interval');
  }
  if (spec.suspend !== undefined) ledger.change('spec.suspend', 'imported as manual sync of every app using this repository');
  if (spec.layerSelector !== undefined) ledger.ignore('spec.layerSelector', 'Tideway reads the chart layer of a Helm chart artifact');
  loseKeys(
    spec,
    'spec',
    {
      secretRef: CREDENTIALS,
      certSecretRef: CREDENTIALS,
      serviceAccountName: CREDENTIALS,
      provider: 'Tideway has no cloud-provider registry authentication',
      insecure: 'Tideway does not fetch charts over plain HTTP or unverified TLS',
      verify: 'Tideway does not verify cosign or notation signatures of OCI artifacts',
      ignore: 'Tideway reads the whole chart',
      timeout: 'the fetch timeout is the agent’s, not per repository',
      proxySecretRef: 'Tideway uses the agent’s proxy environment (HTTPS_PROXY)',
    },
    ledger,
  );
  return { source, suspended: spec.suspend === true };
}
