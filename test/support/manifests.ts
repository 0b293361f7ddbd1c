/** Small manifests for end-to-end tests. */
export const configMap = (name: string, value: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  value: "${value}"\n`;

/** A Deployment of nginx; `spec` lines (indented two spaces) go before the selector. */
export const deployment = (name: string, spec = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
${spec}  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      containers:
      - name: main
        image: nginx:1.25
`;
