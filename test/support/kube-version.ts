import type { KubernetesTarget } from '../../src/target/kubernetes/index.js';

export type TestKubeVersion = '1.20' | '1.34';

/**
 * The Kubernetes version of the test control plane, for tests whose expectations differ by version
 * (they say which behaviour belongs to which): scripts/test.mjs sets TIDEWAY_TEST_KUBE_VERSION;
 * with a control plane of your own (TIDEWAY_TEST_KUBECONFIG), the server is asked.
 */
export async function testKubeVersion(target: KubernetesTarget): Promise<TestKubeVersion> {
  const given = process.env.TIDEWAY_TEST_KUBE_VERSION;
  if (given === '1.20' || given === '1.34') return given;
  const res = await target.client.request<{ major: string; minor: string }>('GET', '/version');
  return Number.parseInt(res.body.minor, 10) <= 20 ? '1.20' : '1.34';
}
