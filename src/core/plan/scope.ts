export type Scope = 'Namespaced' | 'Cluster';
