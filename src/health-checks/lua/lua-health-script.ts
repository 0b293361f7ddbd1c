/** One Lua health script and the group and kind it judges (`*` wildcards as in health tables). */
export interface LuaHealthScript {
  group: string;
  kind: string;
  script: string;
  /** Where it came from, for messages: `checks/cert-manager.io/Certificate/health.lua`, `argocd-cm.yaml: resource.customizations.health.cert-manager.io_Certificate`. */
  source: string;
}
