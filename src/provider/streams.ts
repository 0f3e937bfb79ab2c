/**
 * Reading the gateway's lease streams (GET /lease/{dseq}/{gseq}/{oseq}/logs and …/kubeevents, WebSocket): every
 * text frame is one JSON value followed by "\n" (gorilla's WriteJSON). How a stream ends:
 * - a normal close (1000) or a dropped connection (1006: provider-services just hangs up after the last line of
 *   a finished stream) — the end of the stream;
 * - 4001: the provider runs nothing for the lease; 4000: an error such as "no running pods".
 */
import type { WebSocket } from "ws";
import { z } from "zod";
import { ProviderLeaseNotFoundError, ProviderReplyError, ProviderStreamError } from "./errors.js";
import { excerpt } from "./redact.js";

export type LogLine = {
  /** The service (SDL name) the line comes from. */
  service: string;
  /** The pod (replica) that wrote it. */
  pod: string;
  message: string;
};

/** A Kubernetes event of the lease's namespace (provider cluster/types LeaseEvent). */
export type LeaseEvent = {
  type: string;
  reason: string;
  note: string;
  /** The service of the pod the event is about; "" when it is about something else. */
  service: string;
  object: { kind: string; namespace: string; name: string };
  reportingController: string;
  reportingInstance: string;
};

const CLOSE_INTERNAL_ERROR = 4000;
const CLOSE_LEASE_NOT_FOUND = 4001;
const ENDED = new Set([1000, 1005, 1006]);

const logFrame = z.object({ name: z.string(), message: z.string() });
const eventFrame = z.object({
  type: z.string(),
  reason: z.string(),
  note: z.string().nullish(),
  reportingController: z.string().nullish(),
  reportingInstance: z.string().nullish(),
  object: z.object({ kind: z.string(), namespace: z.string().nullish(), name: z.string() }),
});

export const toLogLine = (frame: unknown): LogLine | undefined => {
  const parsed = logFrame.safeParse(frame);
  return parsed.success ? { service: serviceOfPod(parsed.data.name), pod: parsed.data.name, message: parsed.data.message } : undefined;
};

export const toLeaseEvent = (frame: unknown): LeaseEvent | undefined => {
  const parsed = eventFrame.safeParse(frame);
  if (!parsed.success) return undefined;
  const { type, reason, note, reportingController, reportingInstance, object } = parsed.data;
  return {
    type,
    reason,
    note: note ?? "",
    service: object.kind === "Pod" ? serviceOfPod(object.name) : "",
    object: { kind: object.kind, namespace: object.namespace ?? "", name: object.name },
    reportingController: reportingController ?? "",
    reportingInstance: reportingInstance ?? "",
  };
};

export interface ReadStreamOptions {
  hostUri: string;
  provider: string;
  /** "dseq/gseq/oseq", for errors. */
  lease: string;
  what: "logs" | "events";
  signal?: AbortSignal;
  /** Hands a frame to the caller; false when the frame is not what the protocol promises (the stream then fails). */
  onFrame(frame: unknown): boolean;
}

/** Delivers frames until the stream ends; resolves at its end (or when aborted), rejects on a provider error. */
export function readStream(ws: WebSocket, options: ReadStreamOptions): Promise<void> {
  const { hostUri, provider, lease, what, signal } = options;
  return new Promise((resolve, reject) => {
    let failure: Error | undefined;
    const abort = (): void => ws.close(1000);
    signal?.addEventListener("abort", abort, { once: true });
    ws.on("message", (data, isBinary) => {
      if (failure !== undefined) return;
      const text = isBinary ? "" : data.toString();
      for (const line of text.split("\n")) {
        if (line.trim() === "") continue;
        let frame: unknown;
        try {
          frame = JSON.parse(line);
        } catch {
          frame = undefined;
        }
        let accepted: boolean;
        try {
          accepted = frame !== undefined && options.onFrame(frame);
        } catch (error) {
          // The caller's handler failed: end the stream with its error rather than crash the socket's emitter.
          failure = error instanceof Error ? error : new Error(String(error));
          ws.terminate();
          return;
        }
        if (!accepted) {
          failure = new ProviderReplyError(hostUri, `${what} stream`, 101, excerpt(line), `JSON ${what === "logs" ? "{name, message}" : "Kubernetes event"} frames`);
          ws.terminate();
          return;
        }
      }
    });
    ws.once("close", (code: number, reason: Buffer) => {
      signal?.removeEventListener("abort", abort);
      if (failure !== undefined) return reject(failure);
      if (signal?.aborted || ENDED.has(code)) return resolve();
      if (code === CLOSE_LEASE_NOT_FOUND) return reject(new ProviderLeaseNotFoundError(lease, provider));
      const text = excerpt(reason.toString("utf8"));
      reject(new ProviderStreamError(hostUri, what, code, code === CLOSE_INTERNAL_ERROR && text === "" ? "internal error" : text));
    });
    if (signal?.aborted) abort();
  });
}

/**
 * The service a pod belongs to, from its name: Deployments name pods "<service>-<replicaset hash>-<suffix>",
 * StatefulSets (services with persistent storage) "<service>-<ordinal>".
 */
export function serviceOfPod(podName: string): string {
  const deployment = /^(.+)-[a-z0-9]{5,10}-[a-z0-9]{5}$/.exec(podName);
  if (deployment?.[1] !== undefined) return deployment[1];
  const statefulSet = /^(.+)-\d+$/.exec(podName);
  return statefulSet?.[1] ?? podName;
}
