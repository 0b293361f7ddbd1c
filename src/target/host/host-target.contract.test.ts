import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runTargetSuite } from '../target-suite.js';
import { file, tempDirs } from './host-test-support.js';
import { createHostTarget } from './index.js';

runTargetSuite('host', async () => {
  const dirs = await tempDirs();
  const target = await createHostTarget({ hostRoot: dirs.hostRoot, stateDir: dirs.stateDir, allowRoot: true });
  const at = (name: string) => path.join(dirs.hostRoot, `${name}.txt`);
  return {
    target,
    object: (name, value) => file(name, { path: `${name}.txt`, content: value }),
    changeLive: (name, value) => writeFile(at(name), value),
    liveValue: (name) => readFile(at(name), 'utf8').catch(() => undefined),
    app: (name) => ({ name }),
    async cleanup() {
      await target.close({ stopServices: true });
      await dirs.cleanup();
    },
  };
});
