/**
 * The gateway's WebSocket streams, as router.go writes them: each frame is one gorilla WriteJSON (JSON + "\n", a
 * text frame); a lease without a deployed manifest closes with 4001, a selection without pods with
 * 4000 "no running pods". A finished stream ends with a normal close (1000) — where Go just drops the connection
 * after the last log line, a clean close is kinder and carries the same meaning.
 */
import type { WebSocket } from "ws";
import { matches, type LeaseEvent } from "./kube-events.js";
import type { LeaseDeployment } from "./lease-deployment.js";
import { goJson } from "./replies.js";
import type { StreamParams } from "./request.js";

const CLOSE_NORMAL = 1000;
const CLOSE_INTERNAL_ERROR = 4000;
const CLOSE_LEASE_NOT_FOUND = 4001;

function sendJson(ws: WebSocket, value: unknown): void {
  ws.send(`${goJson(value)}\n`);
}

/** GET /lease/…/logs: {name: <pod>, message: <line>} frames; with follow, until every selected pod has stopped. */
export function streamLogs(ws: WebSocket, deployment: LeaseDeployment | undefined, params: StreamParams): void {
  if (deployment === undefined) return ws.close(CLOSE_LEASE_NOT_FOUND);
  const pods = deployment.pods.filter((pod) => pod.workload !== undefined && matches(params.services, pod.serviceName));
  if (pods.length === 0) return ws.close(CLOSE_INTERNAL_ERROR, "no running pods");

  const unsubscribes: (() => void)[] = [];
  for (const pod of pods) {
    const workload = pod.workload;
    if (workload === undefined) continue;
    for (const line of workload.getLogs(params.tail)) sendJson(ws, { name: pod.name, message: line });
    // No await between reading the history and subscribing, so no line can fall in between.
    if (params.follow && pod.state === "running") {
      const onLine = (line: string): void => sendJson(ws, { name: pod.name, message: line });
      workload.logs.on("line", onLine);
      const unsubscribe = (): void => void workload.logs.off("line", onLine);
      unsubscribes.push(unsubscribe);
      void pod.terminated.then(unsubscribe);
    }
  }
  if (unsubscribes.length === 0) return ws.close(CLOSE_NORMAL);

  ws.once("close", () => unsubscribes.forEach((unsubscribe) => unsubscribe()));
  void Promise.all(pods.map((pod) => pod.terminated)).then(() => ws.close(CLOSE_NORMAL));
}

/** GET /lease/…/kubeevents: the namespace's events so far; with follow, new ones until the namespace is deleted. */
export function streamKubeEvents(ws: WebSocket, deployment: LeaseDeployment | undefined, params: StreamParams): void {
  if (deployment === undefined) return ws.close(CLOSE_LEASE_NOT_FOUND);
  const { events } = deployment;
  for (const event of events.list(params.services)) sendJson(ws, event);
  if (!params.follow || events.closed) return ws.close(CLOSE_NORMAL);

  const onEvent = (event: LeaseEvent, serviceName: string): void => {
    if (matches(params.services, serviceName)) sendJson(ws, event);
  };
  const onClosed = (): void => ws.close(CLOSE_NORMAL);
  events.on("event", onEvent);
  events.once("closed", onClosed);
  ws.once("close", () => {
    events.off("event", onEvent);
    events.off("closed", onClosed);
  });
}
