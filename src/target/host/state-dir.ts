import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ValidationError } from '../../core/errors.js';
import { writeFileAtomic } from './atomic-write.js';

/**
 * Layout of the host target's state directory:
 *   files.json            what Tideway wrote (File records: app, path, hash, mode)
 *   content/<sha256>      the content Tideway wrote, to restore a hand-edited or deleted file
 *   services.json         supervised Services: app, spec, and the pid + start time of each replica
 *   inventory/<app>.json  each app's inventory
 *   logs/<service>-<replica>.log
 */
export interface StateLayout {
  root: string;
  filesJson: string;
  contentDir: string;
  servicesJson: string;
  inventoryDir: string;
  logsDir: string;
}

export function stateLayout(stateDir: string): StateLayout {
  return {
    root: stateDir,
    filesJson: path.join(stateDir, 'files.json'),
    contentDir: path.join(stateDir, 'content'),
    servicesJson: path.join(stateDir, 'services.json'),
    inventoryDir: path.join(stateDir, 'inventory'),
    logsDir: path.join(stateDir, 'logs'),
  };
}

export async function ensureStateLayout(layout: StateLayout): Promise<void> {
  for (const dir of [layout.root, layout.contentDir, layout.inventoryDir, layout.logsDir]) {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  }
}

const APP_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** `<stateDir>/inventory/<app>.json`; refuses app names that are not safe file names. */
export function inventoryPath(layout: StateLayout, app: string): string {
  if (!APP_NAME.test(app) || app.length > 253)
    throw new ValidationError('app.name', `${JSON.stringify(app)} is not a valid application name`);
  return path.join(layout.inventoryDir, `${app}.json`);
}

export async function readJsonFile<T>(file: string): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return JSON.parse(text) as T;
}

/**
 * A JSON file written atomically, one write at a time: `save()` called during a write schedules one more
 * write of the latest value, so bursts coalesce.
 */
export class JsonFileWriter<T> {
  private writing: Promise<void> | undefined;
  private pending = false;
  constructor(
    private readonly file: string,
    private readonly snapshot: () => T,
  ) {}

  save(): Promise<void> {
    if (this.writing) {
      this.pending = true;
      return this.writing;
    }
    this.writing = (async () => {
      try {
        do {
          this.pending = false;
          await writeFileAtomic(this.file, JSON.stringify(this.snapshot(), null, 2), 0o600);
        } while (this.pending);
      } finally {
        this.writing = undefined;
      }
    })();
    return this.writing;
  }
}
