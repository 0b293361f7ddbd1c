import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { restrictIfPresentSync, writePrivateFileSync } from '../fs/private-file.js';

/** The files a running agent leaves in its data directory for the CLI: where it listens and its API token. */
export function agentFiles(dataDir: string) {
  return {
    info: path.join(dataDir, 'agent.json'),
    token: path.join(dataDir, 'api-token'),
    db: path.join(dataDir, 'tideway.db'),
    id: path.join(dataDir, 'agent-id'),
  };
}

/**
 * This agent's identity as the inventories it writes record it (`agent/<host>/<id>`): kept in the
 * data directory, so a restart is the same agent, and a second data directory is another one.
 */
export function ensureAgentIdentity(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = agentFiles(dataDir).id;
  let id = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
  if (!/^[0-9a-f]{16}$/.test(id)) {
    id = randomBytes(8).toString('hex');
    writePrivateFileSync(file, `${id}\n`);
  } else restrictIfPresentSync(file);
  return `agent/${os.hostname()}/${id}`;
}

/** The API token: kept across restarts, readable by the owner only. */
export function ensureApiToken(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = agentFiles(dataDir).token;
  if (existsSync(file)) {
    const token = readFileSync(file, 'utf8').trim();
    if (token) {
      restrictIfPresentSync(file); // a token file left readable by others (an older version, a copy) is made private
      return token;
    }
  }
  const token = randomBytes(32).toString('hex');
  writePrivateFileSync(file, `${token}\n`);
  return token;
}

export function writeAgentInfo(dataDir: string, info: { url: string; pid: number }): void {
  writePrivateFileSync(agentFiles(dataDir).info, `${JSON.stringify(info)}\n`);
}

export function removeAgentInfo(dataDir: string): void {
  rmSync(agentFiles(dataDir).info, { force: true });
}
