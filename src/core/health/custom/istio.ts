/**
 * Istio, from its documentation of configuration status (written only when status reporting is on):
 * - Routing and security rules (VirtualService, DestinationRule, Gateway, ServiceEntry, Sidecar,
 *   AuthorizationPolicy, PeerAuthentication, RequestAuthentication, ...): no status Healthy (the
 *   rules are plain data unless status reporting is enabled); a `status.validationMessages` entry of
 *   level ERROR Degraded, naming its code; `Reconciled=False` (not yet pushed to every proxy)
 *   Progressing; otherwise Healthy, with any warnings in the message.
 * - IstioOperator (install.istio.io): `status.status` HEALTHY Healthy; RECONCILING, UPDATING
 *   Progressing; ERROR Degraded; none yet Progressing.
 */
import type { Manifest } from '../../model/manifest.js';
import type { HealthCheckEntry } from '../health-check.js';
import type { HealthStatus } from '../health-status.js';
import { findCondition } from '../conditions.js';
import { hasNoStatus, list, record, statusOf, str } from '../status-fields.js';
import { messageOf } from './readiness.js';

function describeMessage(value: unknown): { level: string; text: string } {
  const m = record(value) ?? {};
  const code = str(record(m.type)?.code) ?? str(record(m.type)?.name) ?? '';
  const level = (str(m.level) ?? '').toUpperCase();
  const text = [code, str(m.message) ?? str(m.documentationUrl) ?? ''].filter(Boolean).join(': ');
  return { level, text: text || 'validation message' };
}

export function istioConfigHealth(object: Manifest): HealthStatus {
  if (hasNoStatus(object)) return { status: 'Healthy', message: 'No status to assess' };
  const messages = list(statusOf(object).validationMessages).map(describeMessage);
  const error = messages.find((m) => m.level === 'ERROR');
  if (error) return { status: 'Degraded', message: error.text };
  const reconciled = findCondition(object, 'Reconciled');
  if (reconciled?.status === 'False') return { status: 'Progressing', message: messageOf(reconciled, 'Not yet pushed to every proxy') };
  const warnings = messages.filter((m) => m.level === 'WARNING').map((m) => m.text);
  return { status: 'Healthy', message: warnings.length ? `Warnings: ${warnings.join('; ')}` : 'No validation errors' };
}

export function istioOperatorHealth(object: Manifest): HealthStatus {
  const state = str(statusOf(object).status);
  if (state === 'HEALTHY') return { status: 'Healthy', message: 'Istio is installed and healthy' };
  if (state === 'ERROR') return { status: 'Degraded', message: str(statusOf(object).message) || 'Istio installation failed' };
  return { status: 'Progressing', message: state ? `Istio installation is ${state.toLowerCase()}` : 'Waiting for the Istio operator' };
}

const configKinds: Record<string, string[]> = {
  'networking.istio.io': [
    'VirtualService',
    'DestinationRule',
    'Gateway',
    'ServiceEntry',
    'Sidecar',
    'WorkloadEntry',
    'WorkloadGroup',
    'EnvoyFilter',
    'ProxyConfig',
  ],
  'security.istio.io': ['AuthorizationPolicy', 'PeerAuthentication', 'RequestAuthentication'],
  'telemetry.istio.io': ['Telemetry'],
  'extensions.istio.io': ['WasmPlugin'],
};

export const istioHealthChecks: HealthCheckEntry[] = [
  ...Object.entries(configKinds).flatMap(([group, kinds]) => kinds.map((kind) => ({ group, kind, check: istioConfigHealth }))),
  { group: 'install.istio.io', kind: 'IstioOperator', check: istioOperatorHealth },
];
