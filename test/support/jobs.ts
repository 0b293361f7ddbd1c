import { listObjects, setStatus, waitFor } from './kube.js';

const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

/**
 * What a node would do: the Pod the Job controller made for `jobName` ran and ended (Succeeded or
 * Failed); the Job controller then marks the Job Complete or Failed. No kubelet runs in the tests.
 */
export async function endJobPod(ns: string, jobName: string, phase: 'Succeeded' | 'Failed', timeoutMs = 30_000): Promise<void> {
  const pods = await waitFor(
    `a pod of Job ${jobName} in ${ns}`,
    async () => {
      const found = await listObjects('v1', 'Pod', { namespace: ns, labelSelector: `job-name=${jobName}` });
      return found.length > 0 ? found : undefined;
    },
    { timeoutMs },
  );
  const exitCode = phase === 'Succeeded' ? 0 : 3;
  for (const pod of pods) {
    await setStatus(pod, {
      phase,
      containerStatuses: [
        {
          name: 'main',
          ready: false,
          restartCount: 0,
          image: 'busybox:1.36',
          imageID: '',
          state: { terminated: { exitCode, reason: phase === 'Failed' ? 'Error' : 'Completed', startedAt: now(), finishedAt: now() } },
        },
      ],
    });
  }
}
