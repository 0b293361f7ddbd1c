import type { HealthCode } from '../../core/health/health-status.js';
import type { ObjectRef } from '../../core/model/object-ref.js';

export type DriftReason = 'FileModified' | 'FileDeleted' | 'FileModeChanged' | 'ProcessExited' | 'HealthChanged';

/**
 * Something changed on the host behind Tideway's back: a file was edited or removed, a process died; or a
 * Service's health changed (`HealthChanged`: ready, rolling, crash-looping), so a listener refreshes the
 * app's health as a Kubernetes watch event would.
 */
export interface DriftEvent {
  ref: ObjectRef;
  app: string;
  reason: DriftReason;
  message: string;
  /** When it was seen (clock milliseconds). */
  at: number;
  replica?: number;
  pid?: number;
  exitCode?: number | null;
  signal?: string | null;
  /** For `HealthChanged`: the Service's health now. */
  health?: HealthCode;
}

export type DriftListener = (event: DriftEvent) => void;

/** Fans drift events out to listeners; one failing listener does not stop the others. */
export class DriftEmitter {
  private readonly listeners = new Set<DriftListener>();
  constructor(private readonly onListenerError: (error: unknown) => void) {}

  on(listener: DriftListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  emit(event: DriftEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }
}
