import { existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { TidewayError, ValidationError } from '../../core/errors.js';
import { ValidationErrorList } from '../../core/application/validation-problems.js';
import { TIDEWAY_VERSION } from '../../version.js';
import { loadApps } from '../engine-context.js';
import { parseFlags } from '../parse-flags.js';
import { processIO, type CommandIO } from '../command-io.js';
import { repositoryRootOf } from './render.js';

const HELP = `usage: tideway validate DIR [--recurse] [--policies DIR] [--kube-version V] [-o text|json|junit|sarif]
       tideway validate -f app.yaml [--app NAME] [--root DIR] [--policies DIR] [--kube-version V] [-o ...]

Checks what a sync would apply, with no cluster: the render (plain manifests or a kustomization; every
YAML error listed), duplicate objects, the Kubernetes OpenAPI schema of each object (wrong types,
unknown fields; custom resources against the CRDs in the render), and ValidatingAdmissionPolicies
(--policies DIR for every target, and an app's own spec.policies).
With -f, each Application's path (and spec.policies) is read from the local checkout holding the app
file (--root to name another one): CI validates the commit under test, not what repoURL serves.

  --kube-version V           schemas of this Kubernetes version (default: the newest there are: 1.34)
  --ignore-missing-schemas   let objects of kinds no schema knows through
  -o, --output FORMAT        text (default), json, junit (JUnit XML) or sarif (SARIF 2.1.0)

Exit status: 0 when nothing is wrong (warnings allowed), 1 when a check failed, 2 on a usage error.`;

export async function validate(argv: string[], io: CommandIO = processIO): Promise<number> {
  const { values, positionals } = parseFlags(argv, {
    file: { type: 'string', short: 'f' },
    app: { type: 'string' },
    root: { type: 'string' },
    recurse: { type: 'boolean' },
    policies: { type: 'string' },
    'kube-version': { type: 'string' },
    'ignore-missing-schemas': { type: 'boolean' },
    output: { type: 'string', short: 'o' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.out(`${HELP}\n`);
    return 0;
  }
  if (values.file ? positionals.length !== 0 : positionals.length !== 1) {
    io.err(`${HELP}\n`);
    return 2;
  }
  const { REPORT_FORMATS, failed, formatReport, runValidate } = await import('../../policy/validate/index.js');
  const format = (values.output ?? 'text') as (typeof REPORT_FORMATS)[number];
  if (!REPORT_FORMATS.includes(format))
    throw new TidewayError('InvalidApplication', `-o: must be one of ${REPORT_FORMATS.join(', ')} (got "${values.output}")`);

  const targets = [];
  if (values.file) {
    const appFile = path.resolve(values.file);
    if (!existsSync(appFile)) throw new TidewayError('InvalidApplication', `${values.file}: no such file`);
    const root = values.root ? realDir(values.root) : repositoryRootOf(path.dirname(realpathSync(appFile)));
    let apps: Awaited<ReturnType<typeof loadApps>>;
    try {
      apps = await loadApps(appFile, values.app);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const errors = error instanceof ValidationErrorList ? error.errors : [error];
      const report = {
        kubeVersion: '',
        notes: [],
        targets: [],
        problems: errors.map((e) => ({ rule: 'application' as const, severity: 'error' as const, message: e.message })),
      };
      io.out(formatReport(report, format, { version: TIDEWAY_VERSION }));
      return 1;
    }
    for (const app of apps) {
      if (!existsSync(path.join(root, app.source.path)))
        throw new TidewayError(
          'InvalidApplication',
          `${values.file}: app ${app.name}: spec.source.path "${app.source.path}" is not in ${root} (give a checkout of the app's repository with --root)`,
        );
      targets.push({
        name: app.name,
        root,
        path: app.source.path,
        directory: app.source.directory,
        allowRemoteBases: app.source.allowRemoteBases,
        policyPaths: app.policies?.map((p) => p.path),
        defaultNamespace: app.destination.namespace,
        kubernetes: app.destination.target !== 'host',
      });
    }
  } else {
    const dir = realDir(positionals[0]);
    const root = values.root ? realDir(values.root) : repositoryRootOf(dir);
    targets.push({ name: positionals[0], root, path: path.relative(root, dir) || '.', directory: { recurse: !!values.recurse } });
  }
  const policies = values.policies ? { root: realDir(values.policies), path: '.' } : undefined;
  const report = await runValidate(targets, {
    kubeVersion: values['kube-version'],
    policies,
    ignoreMissingSchemas: values['ignore-missing-schemas'],
  });
  for (const note of report.notes) io.err(`note: ${note}\n`);
  io.out(formatReport(report, format, { version: TIDEWAY_VERSION }));
  return failed(report) ? 1 : 0;
}

function realDir(given: string): string {
  const resolved = path.resolve(given);
  if (!existsSync(resolved) || !statSync(resolved).isDirectory()) throw new TidewayError('InvalidApplication', `${given}: not a directory`);
  return realpathSync(resolved);
}
