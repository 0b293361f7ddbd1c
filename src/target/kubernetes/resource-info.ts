/** How the API server serves one kind: its resource name, scope and group-version. */
export interface ResourceInfo {
  /** Plural resource name used in URLs (`deployments`). */
  name: string;
  namespaced: boolean;
  group: string;
  version: string;
  kind: string;
}
