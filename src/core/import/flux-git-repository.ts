import { isMapping, type Mapping } from '../application/field-checks.js';
import { pathOf, type FieldLedger } from './field-ledger.js';
import { loseKeys } from './import-metadata.js';

/** What a Flux GitRepository gives the Applications made from the Kustomizations that use it. */
export interface FluxGitSource {
  /** `spec.source` fields: repoURL, targetRevision, interval, verify. */
  source: Mapping;
  /** `spec.suspend: true`: no new revision is fetched, so the apps do not sync on their own. */
  suspended: boolean;
}

/**
 * A Flux GitRepository (source.toolkit.fluxcd.io v1 or v1beta2) as the `spec.source` of a Tideway
 * Application. The ref follows Flux's precedence: commit, then name, then semver, then tag, then
 * branch (the default is Flux's default branch, `master`).
 */
export function importFluxGitRepository(input: Mapping, ledger: FieldLedger): FluxGitSource {
  const { spec, source } = fluxSourceHead(input, ledger);
  const revision = importRef(spec.ref, ledger);
  source.targetRevision = revision ?? 'master';
  if (spec.interval !== undefined) {
    source.interval = spec.interval;
    ledger.carry('spec.interval');
  }
  if (isMapping(spec.verify)) {
    const mode = spec.verify.mode === 'head' ? 'HEAD' : spec.verify.mode;
    const verify: Mapping = { ...(mode !== undefined && { mode }) };
    if (spec.verify.mode !== undefined) ledger.carry('spec.verify.mode');
    if (isMapping(spec.verify.secretRef)) {
      verify.keys = { secretRef: { name: spec.verify.secretRef.name } };
      ledger.carry('spec.verify.secretRef.name');
    }
    loseKeys(spec.verify, 'spec.verify', { provider: 'Tideway verifies OpenPGP and SSH signatures of commits and tags only' }, ledger);
    source.verify = verify;
  }
  const suspended = spec.suspend === true;
  if (spec.suspend !== undefined)
    ledger.change('spec.suspend', 'imported as manual sync of every app using this repository (Tideway still fetches it)');
  if (spec.gitImplementation !== undefined) ledger.ignore('spec.gitImplementation', 'deprecated by Flux, and without effect');
  if (spec.sparseCheckout !== undefined) ledger.ignore('spec.sparseCheckout', 'a checkout optimisation: Tideway reads only the app’s path');
  loseKeys(
    spec,
    'spec',
    {
      secretRef:
        'Git credentials are not part of a Tideway Application: give them to the agent (SSH key or credentials of the repository, docs/security.md)',
      provider: 'Tideway has no cloud-provider Git authentication',
      proxySecretRef: 'Tideway uses the agent’s proxy environment (HTTPS_PROXY)',
      timeout: 'the Git timeout is the agent’s, not per repository',
      ignore: 'Tideway has no .sourceignore; narrow the files with spec.source.directory.include/exclude',
      include: 'Tideway does not merge other repositories into the checkout',
      recurseSubmodules: 'Tideway does not fetch Git submodules',
      accessFrom: 'Tideway has no cross-namespace source access control',
    },
    ledger,
  );
  return { source, suspended };
}

function importRef(ref: unknown, ledger: FieldLedger): string | undefined {
  if (!isMapping(ref)) return undefined;
  const order = ['commit', 'name', 'semver', 'tag', 'branch'] as const;
  const winner = order.find((k) => typeof ref[k] === 'string' && ref[k] !== '');
  for (const key of Object.keys(ref)) {
    const at = pathOf('spec.ref', key);
    if (!(order as readonly string[]).includes(key)) continue;
    if (key === winner) continue;
    // Flux checks out a commit on the branch it names; Tideway needs only the commit.
    ledger.ignore(at, `Flux uses ref.${winner} when both are set`);
  }
  if (winner === undefined) return undefined;
  const value = ref[winner] as string;
  if (winner === 'semver') {
    ledger.lose(
      'spec.ref.semver',
      'Tideway follows a branch, tag or commit of Git, not the newest tag in a semver range: the app follows master',
    );
    return undefined;
  }
  ledger.carry(pathOf('spec.ref', winner));
  if (winner === 'name') return value.replace(/^refs\/(heads|tags)\//, '');
  return value;
}

/** What every Flux source starts with: apiVersion and kind carried, status ignored, `spec.url` as the repoURL. */
export function fluxSourceHead(input: Mapping, ledger: FieldLedger): { spec: Mapping; source: Mapping } {
  ledger.carry('apiVersion');
  ledger.carry('kind');
  ledger.ignore('status', 'state Flux observed');
  const spec = isMapping(input.spec) ? input.spec : {};
  const source: Mapping = {};
  if (spec.url !== undefined) {
    source.repoURL = spec.url;
    ledger.carry('spec.url');
  }
  return { spec, source };
}
