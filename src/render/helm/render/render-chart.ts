import { type Chart, crdObjects, type CrdObject } from '../chart/chart.js';
import { satisfies } from '../chart/semver.js';
import { coalesceValues, type Values, type Warn } from '../values/coalesce.js';
import { processDependencies } from '../values/dependencies.js';
import { validateValuesAgainstSchemas } from '../values/schema.js';
import { mergeUserValues, type UserValues } from '../values/user-values.js';
import { buildCapabilities, type Capabilities, type CapabilitiesOptions } from './capabilities.js';
import { globToRegExp } from '../chart/helmignore.js';
import { templateOutput, type OutputOptions } from './output.js';
import { type Hook, type SortedManifest, sortManifests } from './sort-manifests.js';

/** What `helm template` is told: the release, the cluster it pretends to target, the values, the output filters. */
export interface HelmTemplateOptions extends CapabilitiesOptions, OutputOptions {
  releaseName?: string;
  namespace?: string;
  /** `.Release.Revision`: 1 for `helm template`. */
  revision?: number;
  isUpgrade?: boolean;
  values?: UserValues;
  skipSchemaValidation?: boolean;
  /** Helm's non-fatal warnings (values that could not be coalesced, non-boolean conditions). */
  warn?: Warn;
  /**
   * Execute only the templates `showOnly` names (partials are still parsed), as helm-unittest renders a
   * test job; `helm template --show-only` executes them all and only prints some.
   */
  executeOnlyShown?: boolean;
  /** The `lookup` template function; absent, it finds nothing (as `helm template` does). */
  lookup?: LookupFunction;
}

/** `lookup apiVersion kind namespace name`: the object, a list (`name` empty) or an empty map. */
export type LookupFunction = (apiVersion: string, kind: string, namespace: string, name: string) => Record<string, unknown>;

/** The release data templates see at the top level (chartutil.ToRenderValues). */
export interface RenderValues {
  chart: Chart;
  values: Values;
  capabilities: Capabilities;
  release: { name: string; namespace: string; isUpgrade: boolean; isInstall: boolean; revision: number; service: 'Helm' };
  /** When set, only the templates it accepts (by path below the chart name) are executed. */
  execute?: (pathInChart: string) => boolean;
}

/** Executes every template of a chart tree and returns the output by template name (engine.Render). */
export type TemplateRunner = (input: RenderValues) => Promise<Map<string, string>> | Map<string, string>;

/** A chart Helm would refuse to render, with Helm's message. */
export class HelmTemplateError extends Error {}

export interface HelmTemplateResult {
  /** Exactly what `helm template` prints. */
  output: string;
  manifests: SortedManifest[];
  hooks: Hook[];
  crds: CrdObject[];
}

/**
 * `helm template` on a loaded chart (Install.RunWithContext in client-only dry-run mode, then the
 * template command's printing): installability and dependency checks, user values, dependency
 * processing, coalesced values checked against the schemas, the kubeVersion constraint, the
 * templates run, NOTES.txt dropped, documents sorted in install order and printed.
 */
export async function helmTemplate(chart: Chart, options: HelmTemplateOptions, runTemplates: TemplateRunner): Promise<HelmTemplateResult> {
  const warn = options.warn ?? (() => {});
  const type = chart.metadata.type;
  if (type !== '' && type !== 'application') throw new HelmTemplateError(`${type} charts are not installable`);
  const missing = chart.metadata.dependencies.filter((r) => !chart.dependencies.some((d) => d.metadata.name === r.name)).map((r) => r.name);
  if (missing.length > 0)
    throw new HelmTemplateError(
      `An error occurred while checking for chart dependencies. You may need to run \`helm dependency build\` to fetch missing dependencies: found in Chart.yaml, but missing in charts/ directory: ${missing.join(', ')}`,
    );
  const vals = mergeUserValues(options.values ?? {});
  processDependencies(chart, vals, warn);
  const capabilities = buildCapabilities(options);
  const isUpgrade = options.isUpgrade === true;
  const release = {
    name: options.releaseName ?? 'release-name',
    namespace: options.namespace ?? 'default',
    isUpgrade,
    isInstall: !isUpgrade,
    revision: options.revision ?? 1,
    service: 'Helm' as const,
  };
  const values = coalesceValues(chart, vals, warn);
  if (!options.skipSchemaValidation) validateValuesAgainstSchemas(chart, values);
  if (chart.metadata.kubeVersion !== '' && !satisfies(capabilities.kubeVersion.version, chart.metadata.kubeVersion)) {
    throw new HelmTemplateError(
      `chart requires kubeVersion: ${chart.metadata.kubeVersion} which is incompatible with Kubernetes ${capabilities.kubeVersion.version}`,
    );
  }
  const shown = (options.showOnly ?? []).map((g) => globToRegExp(g));
  const execute = options.executeOnlyShown && shown.length > 0 ? (p: string) => shown.some((re) => re.test(p)) : undefined;
  const files = await runTemplates({ chart, values, capabilities, release, execute });
  for (const name of [...files.keys()]) if (name.endsWith('NOTES.txt')) files.delete(name);
  const { hooks, manifests } = sortManifests(files);
  const crds = crdObjects(chart);
  const output = templateOutput(crds, manifests, hooks, options);
  return { output, manifests, hooks, crds };
}
