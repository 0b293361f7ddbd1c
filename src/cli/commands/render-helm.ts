import { readFileSync } from 'node:fs';
import path from 'node:path';
import { RenderError } from '../../core/errors.js';
import { parseFlags } from '../parse-flags.js';

const HELP = `usage: tideway render --helm CHART [flags]       (CHART: a chart directory or .tgz, or a chart name with --repo)
       tideway render --helm --case CASE.json       (a conformance case of ../shared/conformance/helm)

Prints what 'helm template' prints, rendered in process (no helm binary), and exits non-zero with
Helm's error when Helm would fail.

  --release-name NAME      release name (default release-name)
  -n, --namespace NS       release namespace (default default)
  -f, --values FILE        values file (repeatable)
  --set K=V                set values (repeatable; a.b=c, a={1,2}, a[0].b=c)
  --set-string K=V         set string values (repeatable)
  --set-file K=PATH        set values from files (repeatable)
  --set-json K=JSON        set JSON values (repeatable)
  --kube-version V         Kubernetes version for .Capabilities (default v1.33.0, as helm 3.18)
  -a, --api-versions G/V   extra API versions for .Capabilities (repeatable, comma-separated)
  -s, --show-only PATH     only the documents of these templates (repeatable, globs)
  --include-crds           print the charts' crds/ first
  --skip-tests             leave out test hooks
  --is-upgrade             .Release.IsUpgrade instead of .Release.IsInstall
  --repo URL               a Helm repository (https://… or oci://…) to take CHART from
  --version V              the chart version or semver range (with --repo or an oci:// CHART)`;

/** The chart-case format of the conformance corpus (README "Chart case format"). */
interface ChartCase {
  chart: string;
  release?: string;
  namespace?: string;
  valuesFiles?: string[];
  set?: string[];
  setString?: string[];
  kubeVersion?: string;
  apiVersions?: string[];
  apiVersionsMode?: 'append' | 'replace';
  showOnly?: string[];
  includeCrds?: boolean;
  skipTests?: boolean;
  revision?: number;
  isUpgrade?: boolean;
}

export async function renderHelm(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, {
    helm: { type: 'boolean' },
    case: { type: 'string' },
    'release-name': { type: 'string' },
    namespace: { type: 'string', short: 'n' },
    values: { type: 'string', short: 'f', multiple: true },
    set: { type: 'string', multiple: true },
    'set-string': { type: 'string', multiple: true },
    'set-file': { type: 'string', multiple: true },
    'set-json': { type: 'string', multiple: true },
    'kube-version': { type: 'string' },
    'api-versions': { type: 'string', short: 'a', multiple: true },
    'show-only': { type: 'string', short: 's', multiple: true },
    'include-crds': { type: 'boolean' },
    'skip-tests': { type: 'boolean' },
    'is-upgrade': { type: 'boolean' },
    repo: { type: 'string' },
    version: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help || (!values.case && positionals.length !== 1)) {
    process.stdout.write(`${HELP}\n`);
    return values.help ? 0 : 2;
  }
  const helm = await import('../../render/helm/index.js');
  if (values.case) {
    const c = JSON.parse(readFileSync(values.case, 'utf8')) as ChartCase;
    const dir = path.dirname(path.resolve(values.case));
    // Paths in a case are relative to the corpus root (two levels above helm/cases/).
    const abs = (p: string) => (path.isAbsolute(p) ? p : path.resolve(dir, '../..', p));
    const chart = await helm.loadChart(abs(c.chart));
    const result = await helm.renderChart(chart, {
      releaseName: c.release,
      namespace: c.namespace,
      values: {
        valueFiles: (c.valuesFiles ?? []).map((f) => ({ name: f, text: readFileSync(abs(f), 'utf8') })),
        set: c.set,
        setString: c.setString,
      },
      kubeVersion: c.kubeVersion,
      apiVersions: c.apiVersions,
      replaceApiVersions: c.apiVersionsMode === 'replace',
      // helm-unittest cases (apiVersionsMode replace): helm-unittest executes only the job's templates.
      executeOnlyShown: c.apiVersionsMode === 'replace',
      showOnly: c.showOnly,
      includeCrds: c.includeCrds,
      skipTests: c.skipTests,
      revision: c.revision,
      isUpgrade: c.isUpgrade,
      warn: (m) => process.stderr.write(`${m}\n`),
    });
    process.stdout.write(result.output);
    return 0;
  }
  const ref = positionals[0];
  const location = values.repo || ref.startsWith('oci://') ? await fetchChart(ref, values.repo, values.version) : ref;
  const chart = await helm.loadChart(location);
  const readFile = (p: string) => {
    try {
      return readFileSync(p, 'utf8');
    } catch (cause) {
      throw new RenderError(`${p}: ${(cause as Error).message}`, { file: p, cause });
    }
  };
  const result = await helm.renderChart(chart, {
    releaseName: values['release-name'],
    namespace: values.namespace,
    values: {
      valueFiles: (values.values ?? []).map((f) => ({ name: f, text: readFile(f) })),
      set: values.set,
      setString: values['set-string'],
      setFile: values['set-file'],
      setJson: values['set-json'],
      readFile,
    },
    kubeVersion: values['kube-version'],
    apiVersions: values['api-versions'],
    showOnly: values['show-only'],
    includeCrds: values['include-crds'],
    skipTests: values['skip-tests'],
    isUpgrade: values['is-upgrade'],
    warn: (m) => process.stderr.write(`${m}\n`),
  });
  process.stdout.write(result.output);
  return 0;
}

/** A chart from a Helm repository or an OCI registry, downloaded to the cache; its local path. */
async function fetchChart(ref: string, repo: string | undefined, version: string | undefined): Promise<string> {
  const { pullChart } = await import('../../render/helm/repo/pull-chart.js');
  return (await pullChart({ repoURL: repo ?? ref, chart: repo ? ref : undefined, version })).path;
}
