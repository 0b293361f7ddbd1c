import type { Manifest, Origin } from '../../core/model/manifest.js';
import type { CelProgram } from '../cel/index.js';
import type { MatchResources } from './match-resources.js';
import type { LabelSelector } from './label-selector.js';
import type { ResourceNames } from './resource-names.js';

export const ADMISSION_API_GROUP = 'admissionregistration.k8s.io';
export const POLICY_KIND = 'ValidatingAdmissionPolicy';
export const BINDING_KIND = 'ValidatingAdmissionPolicyBinding';

export type ValidationAction = 'Deny' | 'Warn' | 'Audit';

/** A ValidatingAdmissionPolicy, validated and with its expressions compiled. */
export interface CompiledPolicy {
  name: string;
  origin?: Origin;
  paramKind?: { apiVersion: string; kind: string };
  matchConstraints: MatchResources;
  matchConditions: Array<{ name: string; program: CelProgram }>;
  variables: Array<{ name: string; program: CelProgram }>;
  validations: Array<{ index: number; program: CelProgram; message?: string; messageProgram?: CelProgram; reason: string }>;
  failurePolicy: 'Fail' | 'Ignore';
}

/** A ValidatingAdmissionPolicyBinding, validated. */
export interface CompiledBinding {
  name: string;
  origin?: Origin;
  policyName: string;
  paramRef?: {
    name?: string;
    namespace?: string;
    selector?: LabelSelector;
    parameterNotFoundAction: 'Allow' | 'Deny';
  };
  validationActions: ValidationAction[];
  matchResources?: MatchResources;
}

/** A policy or binding that cannot be used: names the object, the field and what is wrong. */
export interface PolicyProblem {
  kind: typeof POLICY_KIND | typeof BINDING_KIND;
  name: string;
  origin?: Origin;
  field: string;
  message: string;
}

/** The object a violation is about. */
export interface ViolatingObject {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  origin?: Origin;
}

/**
 * One object refused (or warned about) by one validation of one policy through one binding, or a
 * policy that could not be evaluated on it (`reason: ExpressionError`, `NotFound` for missing params).
 */
export interface Violation {
  object: ViolatingObject;
  policy: string;
  binding: string;
  /** The validation's index in `spec.validations` and its expression (absent for a failure that is not one validation's). */
  validation?: { index: number; expression: string };
  message: string;
  /** `Invalid` unless the validation sets `reason` (Unauthorized, Forbidden, RequestEntityTooLarge). */
  reason: string;
  /** The binding's validationActions: a violation with `Deny` fails the sync, `Warn` and `Audit` are reported. */
  actions: ValidationAction[];
}

/** The objects a sync or a CI check has, and what is known of the cluster. */
export interface AdmissionContext {
  /** The live objects, by `apiVersion/kind/namespace/name` key: an object found there is checked as an UPDATE against it. */
  liveObject?(object: Manifest): Manifest | undefined;
  /** Namespace objects known besides those in the render (from the cluster). */
  namespaces?: readonly Manifest[];
  /** Filled into namespaced objects that have none (the app's destination namespace); default "default". */
  defaultNamespace?: string;
  /** Resource names from the cluster's discovery, consulted before the built-in table and the CRDs rendered. */
  resourceNames?: ResourceNames;
  /** How long all evaluations of one check may take together (default 30 s); past it the check throws a `Timeout` error. */
  totalTimeoutMs?: number;
  /** The user the request is made as (request.userInfo.username); default "system:serviceaccount:tideway:tideway". */
  username?: string;
}

export type { Manifest };
