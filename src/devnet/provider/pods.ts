/**
 * Pods of the simulated cluster: one per service replica, each backed by a workload server the devnet starts
 * (src/devnet/workload/). The gateway only sees the Workload interface below, injected as StartWorkload.
 */
import { createHash, randomInt } from "node:crypto";
import type { LeaseId } from "./chain-view.js";
import { podEvents, type EventSubject, type LeaseEventLog } from "./kube-events.js";
import type { ManifestService } from "./manifest.js";

/** What the gateway asks the workload runner to start. */
export interface WorkloadRequest {
  lease: LeaseId;
  podName: string;
  /** The manifest service as the tenant sent it: image, command, args, env, expose, resources, count. */
  service: ManifestService;
  /** Fault injection: the server starts but its health check never reports ready. */
  neverReady: boolean;
}

/** A running workload server. */
export interface Workload {
  /** Port it listens on, on the gateway's host: the lease status reports it as the external port. */
  readonly port: number;
  /** Whether its health check reports ready now (vLLM: model loaded). */
  ready(): boolean | Promise<boolean>;
  /** The last `tail` lines of its log; all of them when tail is undefined. */
  getLogs(tail?: number): string[];
  /** Emits "line" for each new log line. */
  readonly logs: {
    on(event: "line", listener: (line: string) => void): unknown;
    off(event: "line", listener: (line: string) => void): unknown;
  };
  /** Graceful stop: the lease is gone. */
  stop(): Promise<void>;
  /** Abrupt death: the process is killed; the port stops answering. */
  crash(): void | Promise<void>;
}

export type StartWorkload = (request: WorkloadRequest) => Promise<Workload>;

/** How each new pod behaves: read from the faults when the pod starts. */
export interface PodFaults {
  neverReady: boolean;
  /** Kill the workload this long after it started; undefined = never. */
  diesAfterMs: number | undefined;
}

export type PodState = "running" | "failed" | "terminated";

export class Pod {
  #state: PodState = "running";
  #workload: Workload | undefined;
  #deathTimer: NodeJS.Timeout | undefined;
  #markTerminated!: () => void;
  /** Settles when the pod stops running (deleted or died): its log stream ends there. */
  readonly terminated = new Promise<void>((resolve) => (this.#markTerminated = resolve));

  private constructor(
    readonly subject: EventSubject,
    private readonly events: LeaseEventLog,
  ) {}

  /** Schedule the pod and start its workload, reporting each step as a kubelet would. Never rejects. */
  static async start(lease: LeaseId, namespace: string, service: ManifestService, events: LeaseEventLog, startWorkload: StartWorkload, faults: PodFaults): Promise<Pod> {
    const pod = new Pod({ namespace, podName: podName(lease, service.name), serviceName: service.name, image: service.image }, events);
    podEvents.scheduled(events, pod.subject);
    podEvents.pulling(events, pod.subject);
    const startedAt = Date.now();
    try {
      pod.#workload = await startWorkload({ lease, podName: pod.subject.podName, service, neverReady: faults.neverReady });
    } catch (error) {
      pod.#state = "failed";
      pod.#markTerminated();
      podEvents.failed(events, pod.subject, error instanceof Error ? error.message : String(error));
      return pod;
    }
    podEvents.pulled(events, pod.subject, Date.now() - startedAt);
    podEvents.created(events, pod.subject);
    podEvents.started(events, pod.subject);
    if (faults.neverReady) podEvents.notReady(events, pod.subject);
    if (faults.diesAfterMs !== undefined) {
      pod.#deathTimer = setTimeout(() => void pod.#die(), faults.diesAfterMs);
    }
    return pod;
  }

  get name(): string {
    return this.subject.podName;
  }

  get serviceName(): string {
    return this.subject.serviceName;
  }

  get state(): PodState {
    return this.#state;
  }

  /** The workload, while it was started (a terminated pod keeps it for its logs). */
  get workload(): Workload | undefined {
    return this.#workload;
  }

  async isReady(): Promise<boolean> {
    return this.#state === "running" && this.#workload !== undefined && (await this.#workload.ready());
  }

  /** The lease is gone: stop the workload. Never rejects. */
  async delete(): Promise<void> {
    clearTimeout(this.#deathTimer);
    const wasRunning = this.#state === "running";
    this.#state = "terminated";
    this.#markTerminated();
    if (wasRunning) await this.#workload?.stop().catch(() => undefined);
  }

  /** Not restarted: a crash-looping inference server stays down, and the tenant has to notice and replace it. */
  async #die(): Promise<void> {
    if (this.#state !== "running") return;
    this.#state = "terminated";
    this.#markTerminated();
    await Promise.resolve(this.#workload?.crash()).catch(() => undefined);
    podEvents.died(this.events, this.subject);
  }
}

const KUBE_NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

/** "<service>-<replicaset hash>-<5 random>", like a Deployment's pods; the hash is stable per lease and service. */
function podName(lease: LeaseId, serviceName: string): string {
  const digest = createHash("sha256").update(`${lease.owner}/${lease.dseq}/${lease.gseq}/${lease.oseq}/${serviceName}`).digest();
  const hash = Array.from(digest.subarray(0, 10), (byte) => KUBE_NAME_ALPHABET[byte % KUBE_NAME_ALPHABET.length]).join("");
  const suffix = Array.from({ length: 5 }, () => KUBE_NAME_ALPHABET[randomInt(KUBE_NAME_ALPHABET.length)]).join("");
  return `${serviceName}-${hash}-${suffix}`;
}
