/**
 * Kubernetes events of a lease's namespace, as the gateway's /kubeevents stream sends them
 * (provider cluster/types LeaseEvent, fields in Go struct order), and the ones the simulated kubelet emits.
 */
import { EventEmitter } from "node:events";

export interface LeaseEvent {
  type: "Normal" | "Warning";
  reportingController: string;
  reportingInstance: string;
  reason: string;
  note: string;
  object: { kind: "Pod"; namespace: string; name: string };
}

/** The pod an event is about. */
export interface EventSubject {
  namespace: string;
  podName: string;
  serviceName: string;
  image: string;
}

/** The one node of the simulated cluster. */
const NODE_NAME = "node1";

/** Events of one lease, kept for listing and pushed to followers until the namespace is deleted. */
export class LeaseEventLog extends EventEmitter<{ event: [LeaseEvent, string]; closed: [] }> {
  readonly #events: { event: LeaseEvent; serviceName: string }[] = [];
  #closed = false;

  get closed(): boolean {
    return this.#closed;
  }

  /** Events so far, optionally only those of pods of the given services. */
  list(services: readonly string[]): LeaseEvent[] {
    return this.#events.filter((entry) => matches(services, entry.serviceName)).map((entry) => entry.event);
  }

  record(subject: EventSubject, type: LeaseEvent["type"], reason: string, note: string): void {
    if (this.#closed) return;
    const scheduler = reason === "Scheduled";
    const event: LeaseEvent = {
      type,
      reportingController: scheduler ? "default-scheduler" : "kubelet",
      reportingInstance: scheduler ? "default-scheduler" : NODE_NAME,
      reason,
      note,
      object: { kind: "Pod", namespace: subject.namespace, name: subject.podName },
    };
    this.#events.push({ event, serviceName: subject.serviceName });
    this.emit("event", event, subject.serviceName);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.emit("closed");
  }
}

/** The `service=a,b` filter of the stream routes: empty means every service. */
export function matches(services: readonly string[], serviceName: string): boolean {
  return services.length === 0 || services.includes(serviceName);
}

/** What a kubelet reports while bringing a pod up, in order. */
export const podEvents = {
  scheduled: (log: LeaseEventLog, s: EventSubject) =>
    log.record(s, "Normal", "Scheduled", `Successfully assigned ${s.namespace}/${s.podName} to ${NODE_NAME}`),
  pulling: (log: LeaseEventLog, s: EventSubject) => log.record(s, "Normal", "Pulling", `Pulling image "${s.image}"`),
  pulled: (log: LeaseEventLog, s: EventSubject, elapsedMs: number) =>
    log.record(s, "Normal", "Pulled", `Successfully pulled image "${s.image}" in ${elapsedMs}ms (${elapsedMs}ms including waiting)`),
  created: (log: LeaseEventLog, s: EventSubject) => log.record(s, "Normal", "Created", `Created container ${s.serviceName}`),
  started: (log: LeaseEventLog, s: EventSubject) => log.record(s, "Normal", "Started", `Started container ${s.serviceName}`),
  failed: (log: LeaseEventLog, s: EventSubject, message: string) => log.record(s, "Warning", "Failed", `Error: ${message}`),
  notReady: (log: LeaseEventLog, s: EventSubject) =>
    log.record(s, "Warning", "Unhealthy", "Readiness probe failed: HTTP probe failed with statuscode: 503"),
  died: (log: LeaseEventLog, s: EventSubject) => {
    log.record(s, "Warning", "Unhealthy", "Liveness probe failed: connect: connection refused");
    log.record(s, "Warning", "BackOff", `Back-off restarting failed container ${s.serviceName} in pod ${s.podName}_${s.namespace}`);
  },
};
