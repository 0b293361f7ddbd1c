/**
 * The benchmarks' fleet of apps: app `a` is `apps/app-<a>` with 5 objects (3 ConfigMaps, a Secret,
 * a headless Service), the shape bench:agent and bench:shards both sync.
 */
export function fleetFiles(appCount: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let a = 0; a < appCount; a++) {
    const p = `apps/app-${a}`;
    for (let i = 0; i < 3; i++)
      files[`${p}/cm-${i}.yaml`] =
        `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: app-${a}-cm-${i} }\ndata: { app: "${a}", i: "${i}" }\n`;
    files[`${p}/secret.yaml`] = `apiVersion: v1\nkind: Secret\nmetadata: { name: app-${a}-secret }\nstringData: { token: "t-${a}" }\n`;
    files[`${p}/svc.yaml`] =
      `apiVersion: v1\nkind: Service\nmetadata: { name: app-${a}-svc }\nspec:\n  clusterIP: None\n  selector: { app: app-${a} }\n  ports: [ { port: 80, protocol: TCP } ]\n`;
  }
  return files;
}
