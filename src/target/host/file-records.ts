import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import { JsonFileWriter, readJsonFile, type StateLayout } from './state-dir.js';

/** What Tideway wrote for one `File` object: the only files prune may ever remove. */
export interface FileRecord {
  app: string;
  name: string;
  /** Relative to the host root. */
  path: string;
  /** sha256 of the content written. */
  hash: string;
  mode: number;
  size: number;
  writtenAt: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

interface FilesJson {
  version: 1;
  files: Record<string, FileRecord>;
}

/**
 * The records of files Tideway wrote (`files.json`) and the content it wrote (`content/<sha256>`),
 * kept so a hand-edited or deleted file can be restored even after an agent restart.
 */
export class FileRecords {
  private readonly records = new Map<string, FileRecord>();
  private readonly writer: JsonFileWriter<FilesJson>;

  constructor(private readonly layout: StateLayout) {
    this.writer = new JsonFileWriter(layout.filesJson, () => ({ version: 1, files: Object.fromEntries(this.records) }));
  }

  async load(): Promise<void> {
    const json = await readJsonFile<FilesJson>(this.layout.filesJson);
    this.records.clear();
    for (const [name, record] of Object.entries(json?.files ?? {})) this.records.set(name, record);
  }

  get(name: string): FileRecord | undefined {
    return this.records.get(name);
  }

  all(): FileRecord[] {
    return [...this.records.values()];
  }

  /** The record (of another object) that already claims `relPath`, if any. */
  claimant(relPath: string, except: string): FileRecord | undefined {
    return this.all().find((r) => r.path === relPath && r.name !== except);
  }

  async put(record: FileRecord, content: string): Promise<void> {
    const blob = this.blobPath(record.hash);
    await writeFileAtomic(blob, content, 0o600);
    const previous = this.records.get(record.name);
    this.records.set(record.name, record);
    await this.writer.save();
    if (previous && previous.hash !== record.hash) await this.collect(previous.hash);
  }

  async remove(name: string): Promise<void> {
    const previous = this.records.get(name);
    if (!previous) return;
    this.records.delete(name);
    await this.writer.save();
    await this.collect(previous.hash);
  }

  /** The content Tideway wrote with this hash, or undefined when it was lost. */
  async content(hash: string): Promise<string | undefined> {
    try {
      return await readFile(this.blobPath(hash), 'utf8');
    } catch {
      return undefined;
    }
  }

  private blobPath(hash: string): string {
    if (!/^[0-9a-f]{64}$/.test(hash)) throw new Error(`invalid content hash ${JSON.stringify(hash)}`);
    return path.join(this.layout.contentDir, hash);
  }

  private async collect(hash: string): Promise<void> {
    if (this.all().some((r) => r.hash === hash)) return;
    await rm(this.blobPath(hash), { force: true });
  }
}
