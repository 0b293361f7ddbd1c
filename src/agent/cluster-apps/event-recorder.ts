import type { Logger } from '../../log/logger.js';
import type { RestClient } from '../../target/kubernetes/rest-client.js';
import type { ApplicationObject } from './application-watch.js';

export type EventType = 'Normal' | 'Warning';

export interface EventRecorder {
  /** Records a core/v1 Event on the Application (`kubectl get events`, `kubectl describe`); failures are logged, never thrown. */
  record(app: Pick<ApplicationObject, 'apiVersion' | 'kind' | 'metadata'>, type: EventType, reason: string, message: string): void;
}

/** Events are named `<app>.<time in hex>` as client-go's recorder names them; repeats are not aggregated. */
export function createEventRecorder(client: RestClient, log: Logger, clock: () => Date, component = 'tideway-agent'): EventRecorder {
  return {
    record(app, type, reason, message) {
      const now = clock();
      const ns = app.metadata.namespace;
      const body = {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: `${app.metadata.name}.${(now.getTime() * 1000 + Math.floor(Math.random() * 1000)).toString(16)}`, namespace: ns },
        involvedObject: {
          apiVersion: app.apiVersion,
          kind: app.kind,
          name: app.metadata.name,
          namespace: ns,
          ...(app.metadata.uid ? { uid: app.metadata.uid } : {}),
          ...(app.metadata.resourceVersion ? { resourceVersion: app.metadata.resourceVersion } : {}),
        },
        type,
        reason,
        message: message.slice(0, 1024),
        source: { component },
        firstTimestamp: now.toISOString(),
        lastTimestamp: now.toISOString(),
        count: 1,
      };
      client
        .request('POST', `/api/v1/namespaces/${encodeURIComponent(ns)}/events`, { body })
        .then((res) => {
          if (res.status >= 300) log.warn({ app: app.metadata.name, status: res.status, reason }, 'event not recorded');
        })
        .catch((error) => log.warn({ app: app.metadata.name, err: (error as Error).message }, 'event not recorded'));
    },
  };
}
