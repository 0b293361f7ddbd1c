/** How the API server serves one kind: its resource name, scope and group-version. */
export interface ResourceInfo {
  /** Plural resource name used in URLs (`deployments`). */
  name: string;
  namespaced: boolean;
  group: string;
  version: string;
  kind: string;
  /**
   * A custom resource whose kind has no `status` subresource (its CRD declares none): no controller is
   * expected to write a status, so none is Healthy (core/health/health-statusless.ts).
   */
  statusless?: boolean;
}
