/** The checks for the custom resources GitOps users deploy most: one file per project, added to the core table. */
import type { HealthCheckEntry } from '../health-check.js';
import { argoRolloutsHealthChecks } from './argo-rollouts.js';
import { argoWorkflowsHealthChecks } from './argo-workflows.js';
import { certManagerHealthChecks } from './cert-manager.js';
import { clusterApiHealthChecks } from './cluster-api.js';
import { crossplaneHealthChecks } from './crossplane.js';
import { externalSecretsHealthChecks } from './external-secrets.js';
import { fluxHealthChecks } from './flux.js';
import { gatewayApiHealthChecks } from './gateway-api.js';
import { istioHealthChecks } from './istio.js';
import { kedaHealthChecks } from './keda.js';
import { knativeHealthChecks } from './knative.js';
import { prometheusOperatorHealthChecks } from './prometheus-operator.js';
import { sealedSecretsHealthChecks } from './sealed-secrets.js';
import { strimziHealthChecks } from './strimzi.js';

export const customResourceHealthChecks: readonly HealthCheckEntry[] = [
  ...certManagerHealthChecks,
  ...argoRolloutsHealthChecks,
  ...argoWorkflowsHealthChecks,
  ...fluxHealthChecks,
  ...crossplaneHealthChecks,
  ...clusterApiHealthChecks,
  ...gatewayApiHealthChecks,
  ...externalSecretsHealthChecks,
  ...sealedSecretsHealthChecks,
  ...kedaHealthChecks,
  ...istioHealthChecks,
  ...strimziHealthChecks,
  ...prometheusOperatorHealthChecks,
  ...knativeHealthChecks,
];
