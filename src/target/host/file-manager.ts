import path from 'node:path';
import type { Manifest } from '../../core/model/manifest.js';
import type { DriftEmitter, DriftReason } from './drift-events.js';
import { HostConflictError, messageOf } from './host-errors.js';
import { HOST_GROUP, HOST_VERSION, type ResolvedFile } from './host-kinds.js';
import type { Clock } from '../../core/model/clock.js';
import type { Logger } from '../../log/logger.js';
import { resolveHostPath } from './host-path.js';
import { TEMP_PREFIX } from './atomic-write.js';
import { removeFileBeneath, writeFileBeneath } from './confined-write.js';
import { FileObserver, type FileObservation } from './file-observe.js';
import type { FileRecord, FileRecords } from './file-records.js';
import { KeyedLock } from '../../concurrency/keyed-lock.js';
import { sha256 } from './spec-hash.js';
import { decideAfterVerify, decideApply } from '../../core/sync/apply-decision.js';
import { type AdoptPolicy, decideOwnership } from '../../core/inventory/adopt-decision.js';
import { NO_ADOPTION, ownedBy } from './host-ownership.js';

/** Annotation allowing a File to replace a file that exists but was not written by Tideway. */
export const REPLACE_EXISTING_ANNOTATION = 'host.tideway.dev/replace-existing';

export interface FileApplyOutcome {
  action: 'created' | 'configured' | 'unchanged';
  /** The content differs from what Tideway wrote before (Services with `restartOn` restart). */
  contentChanged: boolean;
  message?: string;
}

export interface FilePruneOutcome {
  action: 'pruned' | 'skipped';
  reason?: string;
  message?: string;
}

export interface FileManagerDeps {
  realRoot: string;
  records: FileRecords;
  log: Logger;
  clock: Clock;
  drift: DriftEmitter;
}

const fileRef = (name: string) => ({ group: HOST_GROUP, kind: 'File', name, version: HOST_VERSION });

/**
 * Writes, prunes and inspects managed files. Everything about one File runs under one lock, so an apply,
 * a prune and a drift inspection never interleave.
 */
export class FileManager {
  private readonly lock = new KeyedLock();
  private readonly observer = new FileObserver();
  /** Drift already reported (without self-heal), so a rescan does not report it again. */
  private readonly reported = new Map<string, string>();

  constructor(private readonly deps: FileManagerDeps) {}

  record(name: string): FileRecord | undefined {
    return this.deps.records.get(name);
  }

  /** Absolute path of a record, lexically (for watching). */
  lexicalPath(record: FileRecord): string {
    return path.join(this.deps.realRoot, record.path);
  }

  /**
   * Writes a File when the apply decision (core/sync/apply-decision.ts) says so. Its facts: the File
   * exists when Tideway has a record of writing it; the live hash is that of the path, content and
   * mode Tideway last wrote; the desired fields match when the file on disk holds the desired
   * content and mode. A `verify` (Tideway wrote this, but the file changed on disk) always finds a
   * difference, since a host does not normalise what it is given: the file is restored.
   */
  apply(app: string, file: ResolvedFile, object: Manifest, dryRun: boolean, adopt?: AdoptPolicy): Promise<FileApplyOutcome> {
    return this.lock.run(file.name, async () => {
      const { records, realRoot } = this.deps;
      const record = records.get(file.name);
      const owned = decideOwnership(record && ownedBy(record.app), app, adopt ?? NO_ADOPTION);
      if (owned.decision === 'refuse') throw new HostConflictError(owned.reason, `File/${file.name} ${owned.message}`);
      const claim = records.claimant(file.path, file.name);
      if (claim)
        throw new HostConflictError('Conflict', `${file.path} is already managed by File/${claim.name} (app '${claim.app}')`, 'spec.path');
      const abs = await resolveHostPath(realRoot, file.path, 'spec.path');
      const hash = sha256(file.content);
      const seen = await this.observer.observe(abs);
      const onDisk = matches(seen, hash, file.mode);
      const liveHash = record && fileStateHash(record.path, record.hash, record.mode);
      const desiredHash = fileStateHash(file.path, hash, file.mode);
      const decision = decideApply({ exists: record !== undefined, liveHash, desiredHash, desiredFieldsMatch: onDisk, dryRun });
      const labels = object.metadata.labels;
      const annotations = object.metadata.annotations;
      const next = decision === 'verify' ? decideAfterVerify({ wouldChange: !onDisk, dryRun }) : decision;
      if (next === 'unchanged') {
        if (record && !dryRun && (record.app !== app || !sameMaps(record.labels, labels, record.annotations, annotations))) {
          await records.put({ ...record, app, labels, annotations }, file.content);
        }
        return { action: 'unchanged', contentChanged: false };
      }
      if (seen.exists && !seen.regular) throw new HostConflictError('Exists', `${file.path} exists and is not a regular file`, 'spec.path');
      const ours = record !== undefined && record.path === file.path;
      if (seen.exists && !ours && annotations?.[REPLACE_EXISTING_ANNOTATION] !== 'true') {
        throw new HostConflictError(
          'Exists',
          `${file.path} already exists and was not written by Tideway; ` +
            `remove it, or annotate the File with ${REPLACE_EXISTING_ANNOTATION}: "true"`,
          'spec.path',
        );
      }
      const action = decision === 'create' ? 'created' : 'configured';
      const contentChanged = !record || record.hash !== hash;
      // The same desired File, changed on disk since Tideway wrote it: drift, which this write undoes.
      const message = liveHash === desiredHash && !onDisk ? 'restored: the file had been changed outside Tideway' : undefined;
      if (dryRun) return { action, contentChanged, message };
      // By descriptor from the root, never following a link: a directory swapped for a symlink meanwhile is refused.
      await writeFileBeneath(realRoot, path.relative(realRoot, abs), file.content, file.mode);
      await records.put(
        {
          app,
          name: file.name,
          path: file.path,
          hash,
          mode: file.mode,
          size: Buffer.byteLength(file.content),
          writtenAt: this.deps.clock().getTime(),
          labels,
          annotations,
        },
        file.content,
      );
      this.reported.delete(file.name);
      if (record && record.path !== file.path) await this.removeWritten(record);
      return { action, contentChanged, message };
    });
  }

  prune(app: string, name: string, dryRun: boolean): Promise<FilePruneOutcome> {
    return this.lock.run(name, async () => {
      const record = this.deps.records.get(name);
      if (!record)
        return { action: 'pruned', message: `File/${name} already absent (Tideway has no record of writing it); nothing removed` };
      if (record.app !== app) return { action: 'skipped', reason: 'NotOwned', message: `File/${name} is owned by app '${record.app}'` };
      const result = dryRun ? await this.inspectWritten(record) : await this.removeWritten(record);
      if (!dryRun) {
        await this.deps.records.remove(name);
        this.reported.delete(name);
      }
      if (result === 'modified') {
        return { action: 'skipped', reason: 'Modified', message: `${record.path} was changed since Tideway wrote it; left in place` };
      }
      if (result === 'unsafe')
        return { action: 'skipped', reason: 'UnsafePath', message: `${record.path} now leads outside the host root; left in place` };
      return { action: 'pruned' };
    });
  }

  /**
   * Checks one file against what Tideway wrote and reports a difference once (a drift event). It
   * never writes: whether the file is restored is the agent's decision (the app's selfHeal), made
   * through a sync like any other drift.
   */
  inspect(name: string): Promise<void> {
    return this.lock.run(name, async () => {
      const record = this.deps.records.get(name);
      if (!record) return;
      const { clock, drift } = this.deps;
      const emit = (reason: DriftReason, message: string) =>
        drift.emit({ ref: fileRef(name), app: record.app, reason, message, at: clock().getTime() });
      let abs: string;
      try {
        abs = await resolveHostPath(this.deps.realRoot, record.path, 'spec.path');
      } catch (error) {
        if (this.reported.get(name) !== 'unsafe') {
          this.reported.set(name, 'unsafe');
          emit('FileModified', `${record.path}: ${messageOf(error)}`);
        }
        return;
      }
      const seen = await this.observer.observe(abs);
      if (matches(seen, record.hash, record.mode)) {
        this.reported.delete(name);
        return;
      }
      const reason: DriftReason = !seen.exists
        ? 'FileDeleted'
        : seen.regular && seen.hash === record.hash
          ? 'FileModeChanged'
          : 'FileModified';
      const what = reason === 'FileDeleted' ? 'was deleted' : reason === 'FileModeChanged' ? 'had its mode changed' : 'was changed';
      const key = `${reason}:${seen.hash}:${seen.mode}`;
      if (this.reported.get(name) === key) return;
      this.reported.set(name, key);
      emit(reason, `${record.path} ${what} outside Tideway`);
    });
  }

  /** The record and what is on disk now. */
  async observe(name: string): Promise<{ record: FileRecord; seen: FileObservation } | undefined> {
    const record = this.deps.records.get(name);
    if (!record) return undefined;
    try {
      const abs = await resolveHostPath(this.deps.realRoot, record.path, 'spec.path');
      return { record, seen: await this.observer.observe(abs) };
    } catch {
      return { record, seen: { exists: true, regular: false } };
    }
  }

  /** Names of managed files an fs event in `dir` about `filename` may concern. */
  namesFor(dir: string, filename: string | null): string[] {
    if (filename?.startsWith(TEMP_PREFIX)) return [];
    return this.deps.records
      .all()
      .filter((r) => path.dirname(this.lexicalPath(r)) === dir && (filename === null || path.basename(r.path) === filename))
      .map((r) => r.name);
  }

  private async inspectWritten(record: FileRecord): Promise<'removed' | 'absent' | 'modified' | 'unsafe'> {
    let abs: string;
    try {
      abs = await resolveHostPath(this.deps.realRoot, record.path, 'spec.path');
    } catch {
      return 'unsafe';
    }
    const seen = await this.observer.observe(abs);
    if (!seen.exists) return 'absent';
    return seen.regular && seen.hash === record.hash ? 'removed' : 'modified';
  }

  /** Removes the file Tideway wrote, only if it still holds what Tideway wrote. */
  private async removeWritten(record: FileRecord): Promise<'removed' | 'absent' | 'modified' | 'unsafe'> {
    const result = await this.inspectWritten(record);
    if (result === 'removed') {
      const abs = await resolveHostPath(this.deps.realRoot, record.path, 'spec.path');
      await removeFileBeneath(this.deps.realRoot, path.relative(this.deps.realRoot, abs));
      this.observer.forget(abs);
    }
    return result;
  }
}

function matches(seen: FileObservation, hash: string, mode: number): boolean {
  return seen.exists && seen.regular && seen.hash === hash && seen.mode === mode;
}

function sameMaps(
  a1?: Record<string, string>,
  b1?: Record<string, string>,
  a2?: Record<string, string>,
  b2?: Record<string, string>,
): boolean {
  return JSON.stringify(a1 ?? {}) === JSON.stringify(b1 ?? {}) && JSON.stringify(a2 ?? {}) === JSON.stringify(b2 ?? {});
}

/** What a File is on the host, as one hash: where, what and with which mode. */
function fileStateHash(filePath: string, contentHash: string, mode: number): string {
  return `${filePath}\u0000${contentHash}\u0000${mode.toString(8)}`;
}
