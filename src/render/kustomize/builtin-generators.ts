import { RenderError } from '../../core/errors.js';
import { generate } from './generators.js';
import type { GeneratorArgsInput } from './kustomization.js';
import { SCHEMA_PARTS } from './kustomization.js';
import type { KustLoader } from './kust-loader.js';
import { builtinKindOf, decodePluginConfig, pluginConfigError } from './plugin-configs.js';
import { Resource } from './resource.js';

const { str, genArgs } = SCHEMA_PARTS;
const metadata = { obj: { name: str, namespace: str } };

type ArgsConfig = GeneratorArgsInput & { metadata?: { name?: string; namespace?: string } };

/**
 * Runs the built-in generator a `generators:` configuration asks for (kustomize's
 * ConfigMapGenerator, SecretGenerator, IAMPolicyGenerator plugins) and returns what it generates.
 * The configuration's own fields are the generator arguments (metadata.name and .namespace stand
 * in for missing ones); the kustomization's generatorOptions do not apply. Files are read relative
 * to the kustomization (`ldr`). HelmChartInflationGenerator is refused for now.
 */
export async function runBuiltinGenerator(config: Resource, ldr: KustLoader, file: string): Promise<Resource[]> {
  const kind = builtinKindOf(config, 'generator', file);
  switch (kind) {
    case 'ConfigMapGenerator':
    case 'SecretGenerator': {
      const schema = kind === 'SecretGenerator' ? { metadata, ...genArgs, type: str } : { metadata, ...genArgs };
      const c = decodePluginConfig<ArgsConfig>(config, schema, file);
      const { metadata: md, ...args } = c;
      const full: GeneratorArgsInput = { ...args, name: args.name || md?.name, namespace: args.namespace || md?.namespace };
      if (full.env) full.envs = [...(full.envs ?? []), full.env];
      delete full.env;
      return [await generate(kind === 'SecretGenerator' ? 'Secret' : 'ConfigMap', full, undefined, ldr, file)];
    }
    case 'IAMPolicyGenerator':
      return [iamServiceAccount(config, file)];
    case 'HelmChartInflationGenerator':
      throw new RenderError(
        `${file}: HelmChartInflationGenerator (from ${config.file}) is not supported yet: Tideway does not run Helm inside kustomize`,
        { file },
      );
  }
}

interface IamConfig {
  cloud?: string;
  kubernetesService?: { name?: string; namespace?: string };
  serviceAccount?: { name?: string; projectId?: string };
}

/** IAMPolicyGenerator: a GKE workload-identity ServiceAccount (the only cloud kustomize supports). */
function iamServiceAccount(config: Resource, file: string): Resource {
  const c = decodePluginConfig<IamConfig>(
    config,
    {
      cloud: str,
      kubernetesService: { obj: { name: str, namespace: str } },
      serviceAccount: { obj: { name: str, projectId: str } },
    },
    file,
  );
  if (c.cloud !== 'gke') throw new RenderError(`${file}: cloud provider ${c.cloud ?? ''} not supported yet`, { file });
  const name = c.kubernetesService?.name ?? '';
  if (name === '') throw pluginConfigError(config, file, 'kubernetesService.name is required');
  const md: Record<string, unknown> = {
    annotations: {
      'iam.gke.io/gcp-service-account': `${c.serviceAccount?.name ?? ''}@${c.serviceAccount?.projectId ?? ''}.iam.gserviceaccount.com`,
    },
    name,
  };
  if (c.kubernetesService?.namespace) md.namespace = c.kubernetesService.namespace;
  return new Resource({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: md }, config.file);
}
