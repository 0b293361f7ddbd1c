/** The control plane a benchmark runs against: TIDEWAY_BENCH_KUBECONFIG if set, else one started for this run. */
export async function benchCluster(): Promise<{ kubeconfig: string; stop(): Promise<void> }> {
  const given = process.env.TIDEWAY_BENCH_KUBECONFIG;
  if (given) return { kubeconfig: given, stop: async () => {} };
  const { startTestCluster } = await import('../../scripts/cluster/test-cluster.mjs');
  const cluster = await startTestCluster();
  return { kubeconfig: cluster.kubeconfig as string, stop: () => cluster.stop() };
}
