import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createAgentMetrics } from '../../agent/metrics.js';
import { createApiApp } from '../../agent/http/create-api-app.js';
import { serveApi } from '../../agent/http/serve.js';
import { createFakeControl, type FakeControl } from '../../agent/http/testdata/fake-control.js';
import { silentLogger } from '../../log/logger.js';
import type { CommandIO } from '../command-io.js';

/**
 * Test support: the agent's real API on a real loopback port over a fake control, with the files
 * a running agent leaves in its data dir (`agent.json` naming this process, `api-token` mode 0600).
 */
export interface ServedAgent {
  dataDir: string;
  url: string;
  token: string;
  control: FakeControl;
  close(): Promise<void>;
}

export async function serveFakeAgent(): Promise<ServedAgent> {
  const control = createFakeControl();
  control.setReady(true);
  const token = 'tw_cli_test_token_6f1d2c9a8b7e';
  const app = createApiApp({ control, token, metrics: createAgentMetrics(), log: silentLogger });
  const served = await serveApi(app, { host: '127.0.0.1', port: 0 });
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'tideway-cli-'));
  await writeFile(path.join(dataDir, 'agent.json'), JSON.stringify({ url: served.url, pid: process.pid }));
  await writeFile(path.join(dataDir, 'api-token'), `${token}\n`, { mode: 0o600 });
  return {
    dataDir,
    url: served.url,
    token,
    control,
    close: async () => {
      await served.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A CommandIO that keeps what a command prints, at the fake control's "now". */
export function bufferIO(): CommandIO & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    out(text: string) {
      io.stdout += text;
    },
    err(text: string) {
      io.stderr += text;
    },
    now: () => new Date(Date.UTC(2024, 4, 1, 12, 0)),
  };
  return io;
}
