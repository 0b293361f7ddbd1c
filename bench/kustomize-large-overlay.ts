/**
 * Generates a large kustomize tree for the benchmark: a base of `count` objects (Deployments,
 * Services and ConfigMaps that reference each other) under three overlay levels with name
 * prefixes/suffixes, namespaces, labels, annotations, images, replicas, strategic-merge and JSON
 * patches, and ConfigMap/Secret generators (create and merge).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

function deployment(i: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${i}
  labels:
    app: app-${i}
    tier: ${i % 3 === 0 ? 'frontend' : 'backend'}
spec:
  replicas: ${1 + (i % 3)}
  selector:
    matchLabels:
      app: app-${i}
  template:
    metadata:
      labels:
        app: app-${i}
    spec:
      serviceAccountName: runner
      containers:
      - name: main
        image: registry.example.com/team/app:${i % 7}.0
        ports:
        - containerPort: 8080
          name: http
        envFrom:
        - configMapRef:
            name: config-${i}
        env:
        - name: SHARED
          valueFrom:
            configMapKeyRef:
              name: shared-settings
              key: level
        volumeMounts:
        - name: settings
          mountPath: /etc/settings
      - name: sidecar
        image: busybox:1.36
        args: ["sleep", "infinity"]
      volumes:
      - name: settings
        configMap:
          name: config-${i}
`;
}

function service(i: number): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: app-${i}
spec:
  selector:
    app: app-${i}
  ports:
  - name: http
    port: 80
    targetPort: http
`;
}

function configMap(i: number): string {
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: config-${i}
data:
  INDEX: "${i}"
  MODE: normal
`;
}

/** Writes the tree under `dir`; returns the directory of the top overlay. */
export async function generateLargeOverlay(dir: string, count = 2000): Promise<string> {
  const base = path.join(dir, 'base');
  await mkdir(base, { recursive: true });
  const perKind = Math.floor(count / 3);
  const deployments = perKind;
  const services = perKind;
  const configMaps = count - 2 * perKind;
  const files: string[] = [];
  const chunk = 100;
  const write = async (name: string, docs: string[]): Promise<void> => {
    for (let i = 0; i < docs.length; i += chunk) {
      const file = `${name}-${i / chunk}.yaml`;
      files.push(file);
      await writeFile(path.join(base, file), docs.slice(i, i + chunk).join('---\n'));
    }
  };
  await write(
    'deployments',
    Array.from({ length: deployments }, (_, i) => deployment(i)),
  );
  await write(
    'services',
    Array.from({ length: services }, (_, i) => service(i)),
  );
  await write(
    'configmaps',
    Array.from({ length: configMaps }, (_, i) => configMap(i)),
  );
  await writeFile(path.join(base, 'serviceaccount.yaml'), 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: runner\n');
  files.push('serviceaccount.yaml');
  await writeFile(
    path.join(base, 'kustomization.yaml'),
    `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
${files.map((f) => `- ${f}`).join('\n')}
commonLabels:
  suite: bench
configMapGenerator:
- name: shared-settings
  literals:
  - level=base
  - color=blue
`,
  );

  const o1 = path.join(dir, 'overlay1');
  await mkdir(o1, { recursive: true });
  await writeFile(
    path.join(o1, 'kustomization.yaml'),
    `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
- ../base
namePrefix: o1-
namespace: team-a
images:
- name: registry.example.com/team/app
  newName: mirror.example.com/team/app
patches:
- target:
    kind: Deployment
    labelSelector: tier=frontend
  patch: |-
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: any
    spec:
      template:
        spec:
          containers:
          - name: main
            env:
            - name: FRONTEND
              value: "true"
            resources:
              limits:
                memory: 256Mi
configMapGenerator:
- name: shared-settings
  behavior: merge
  literals:
  - level=overlay1
`,
  );

  const o2 = path.join(dir, 'overlay2');
  await mkdir(o2, { recursive: true });
  await writeFile(
    path.join(o2, 'kustomization.yaml'),
    `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
- ../overlay1
nameSuffix: -v2
commonAnnotations:
  owner: platform-team
patches:
- target:
    kind: Deployment
    name: o1-app-1.*
  patch: |-
    - op: replace
      path: /spec/replicas
      value: 5
secretGenerator:
- name: credentials
  literals:
  - user=bench
  - token=not-a-real-token
replicas:
- name: o1-app-2
  count: 7
`,
  );

  const o3 = path.join(dir, 'overlay3');
  await mkdir(o3, { recursive: true });
  await writeFile(
    path.join(o3, 'patch-app-0.yaml'),
    `apiVersion: apps/v1
kind: Deployment
metadata:
  name: o1-app-0-v2
  namespace: team-a
spec:
  template:
    spec:
      containers:
      - name: sidecar
        $patch: delete
      - name: main
        env:
        - name: EXTRA
          value: "1"
`,
  );
  await writeFile(
    path.join(o3, 'kustomization.yaml'),
    `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
- ../overlay2
labels:
- pairs:
    env: prod
  includeTemplates: true
images:
- name: busybox
  newTag: "1.37"
patchesStrategicMerge:
- patch-app-0.yaml
configMapGenerator:
- name: prod-flags
  literals:
  - feature=on
`,
  );
  return o3;
}
