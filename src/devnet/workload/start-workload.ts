/**
 * A devnet inference workload: the small OpenAI-compatible server a simulated provider starts on loopback for
 * each service of a lease, in place of the vLLM or llama.cpp container. It behaves like the real server where
 * akash-gpu can tell the difference (routes, auth, errors, loading, streaming, metrics, logs), so the health
 * probes, the gateway and the metrics readers run against it unchanged.
 *
 * Loading differs by server, as it does for real:
 * - llama.cpp listens at once and answers 503 "Loading model" until the model is loaded;
 * - vLLM binds its port before loading but only listens once the engine is up, so connections fail. Node
 *   cannot bind without listening, so the workload listens (which also keeps the port) and resets every
 *   connection at the TCP level until loaded: clients see ECONNRESET where the real server gives
 *   ECONNREFUSED. Both are "could not connect"; neither is an HTTP status.
 * A crash closes the listener and drops every connection: later connections are refused (ECONNREFUSED).
 */
import type { EventEmitter } from "node:events";
import { createServer as createHttpServer, STATUS_CODES } from "node:http";
import { createServer as createTcpServer, type AddressInfo, type Socket } from "node:net";
import { pathOf } from "./http-io.js";
import { llamaCppRequestHandler } from "./llama-cpp-routes.js";
import { LogBuffer, serverLogLines } from "./log-lines.js";
import { Slots } from "./slots.js";
import { vllmRequestHandler } from "./vllm-routes.js";
import type { Flavor, WorkloadContext } from "./workload-context.js";
import { WorkloadStats } from "./workload-stats.js";

export type { Flavor } from "./workload-context.js";

export type WorkloadOptions = {
  flavor: Flavor;
  /** The name clients send as `model` (vLLM's --served-model-name, llama.cpp's --alias). */
  servedModelName: string;
  /** The weights loaded (vLLM's model argument, llama.cpp's --hf-repo); vLLM reports it as `root`. Default: servedModelName. */
  model?: string;
  /** Required as `Authorization: Bearer <apiKey>` where the real server requires it. */
  apiKey?: string;
  /** Default 127.0.0.1; the workload listens on this address only. */
  host?: string;
  /** 0 or absent: a free port. */
  port?: number;
  /** Tokens a request may hold, prompt plus completion. Default: vLLM 32768, llama.cpp 4096 (its default --ctx-size). */
  contextLength?: number;
  /** Requests generating at once; more wait. Default: vLLM 256 (--max-num-seqs), llama.cpp 4 (--parallel). */
  maxConcurrentRequests?: number;
  /** Time spent "loading the model" before serving. Default 0: ready when startWorkload resolves. */
  loadDelayMs?: number;
  /** Stays loading forever (a model that never fits, a download that never ends). */
  neverReady?: boolean;
  /** The process "crashes" this long after start: see Workload.crash. */
  dieAfterMs?: number;
  /** Pace of generation. Default 200. */
  tokensPerSecond?: number;
};

export type WorkloadState = "loading" | "ready" | "crashed" | "stopped";

export type Workload = {
  readonly flavor: Flavor;
  /** http://host:port, no trailing slash. */
  readonly url: string;
  readonly port: number;
  ready(): boolean;
  /** ready() tells serving from not; this also tells loading from gone (crashed or stopped). */
  state(): WorkloadState;
  /** Emits "line" for each container log line as it is written. */
  readonly logs: EventEmitter<{ line: [string] }>;
  /** The last `tail` log lines (all kept lines when not given; the buffer is bounded). */
  getLogs(tail?: number): string[];
  /** Stops serving: in-flight requests are cut, the port is released. Resolves once it is closed. */
  stop(): Promise<void>;
  /** The process dies now: in-flight requests are cut and later connections are refused. */
  crash(): void;
};

const DEFAULT_TOKENS_PER_SECOND = 200;
const FLAVOR_DEFAULTS: Record<Flavor, { contextLength: number; maxConcurrentRequests: number }> = {
  vllm: { contextLength: 32768, maxConcurrentRequests: 256 },
  "llama-cpp": { contextLength: 4096, maxConcurrentRequests: 4 },
};

export async function startWorkload(options: WorkloadOptions): Promise<Workload> {
  const { flavor, servedModelName } = options;
  const host = options.host ?? "127.0.0.1";
  const tokensPerSecond = options.tokensPerSecond ?? DEFAULT_TOKENS_PER_SECOND;
  const contextLength = options.contextLength ?? FLAVOR_DEFAULTS[flavor].contextLength;
  const maxConcurrentRequests = options.maxConcurrentRequests ?? FLAVOR_DEFAULTS[flavor].maxConcurrentRequests;
  if (!servedModelName) throw new RangeError("servedModelName must not be empty");
  if (!(tokensPerSecond > 0)) throw new RangeError(`tokensPerSecond must be positive, got ${tokensPerSecond}`);
  if (!Number.isInteger(contextLength) || contextLength < 1) throw new RangeError(`contextLength must be a positive integer, got ${contextLength}`);
  if (!Number.isInteger(maxConcurrentRequests) || maxConcurrentRequests < 1) {
    throw new RangeError(`maxConcurrentRequests must be a positive integer, got ${maxConcurrentRequests}`);
  }

  let state: WorkloadState = "loading";
  const logs = new LogBuffer();
  const lines = serverLogLines(flavor);
  const stats = new WorkloadStats();
  const lifetime = new AbortController();
  const model = options.model ?? servedModelName;
  const ctx: WorkloadContext = {
    flavor,
    servedModelName,
    model,
    apiKey: options.apiKey,
    contextLength,
    tokensPerSecond,
    stats,
    slots: new Slots(maxConcurrentRequests, stats),
    lifetime: lifetime.signal,
    isReady: () => state === "ready",
    log: (line) => logs.push(line),
  };
  const handler = flavor === "vllm" ? vllmRequestHandler(ctx) : llamaCppRequestHandler(ctx);

  // The HTTP server never listens itself: the TCP listener below decides which connections reach it.
  const http = createHttpServer((req, res) => {
    // A write racing a dropped connection must not take the workload down.
    res.on("error", () => {});
    const { remoteAddress = "", remotePort = 0 } = req.socket;
    res.once("close", () => {
      // Requests cut by a crash or a stop are not logged: the process is gone or going.
      if (state === "crashed" || state === "stopped") return;
      const line = lines.request({ method: req.method ?? "", path: pathOf(req), address: remoteAddress, port: remotePort, status: res.statusCode, reason: STATUS_CODES[res.statusCode] ?? "" });
      if (line !== undefined) logs.push(line);
    });
    void handler(req, res);
  });
  const sockets = new Set<Socket>();
  const listener = createTcpServer((socket) => {
    socket.on("error", () => {});
    if (state === "loading" && flavor === "vllm") {
      socket.resetAndDestroy();
      return;
    }
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    http.emit("connection", socket);
  });
  await new Promise<void>((resolve, reject) => {
    listener.once("error", reject);
    listener.listen({ host, port: options.port ?? 0 }, () => {
      listener.off("error", reject);
      resolve();
    });
  });
  // After listening, errors are failed accepts (e.g. out of file descriptors): the server keeps going.
  listener.on("error", (error) => logs.push(`accept failed: ${error.message}`));
  const port = (listener.address() as AddressInfo).port;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  for (const line of lines.starting(url, model, servedModelName)) logs.push(line);

  const startedAt = performance.now();
  const timers: NodeJS.Timeout[] = [];
  const markReady = (): void => {
    state = "ready";
    for (const line of lines.loaded(url, (performance.now() - startedAt) / 1000)) logs.push(line);
  };
  if (!options.neverReady) {
    if (options.loadDelayMs) timers.push(setTimeout(markReady, options.loadDelayMs));
    else markReady();
  }

  let closed: Promise<void> | undefined;
  const exit = (final: "crashed" | "stopped"): Promise<void> => {
    if (closed) return closed;
    state = final;
    for (const line of final === "crashed" ? lines.crashed() : lines.stopped()) logs.push(line);
    for (const timer of timers) clearTimeout(timer);
    lifetime.abort();
    closed = new Promise((resolve) => listener.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    return closed;
  };
  if (options.dieAfterMs !== undefined) timers.push(setTimeout(() => void exit("crashed"), options.dieAfterMs));

  return {
    flavor,
    url,
    port,
    ready: () => state === "ready",
    state: () => state,
    logs: logs.emitter,
    getLogs: (tail) => logs.tail(tail),
    stop: () => exit("stopped"),
    crash: () => void exit("crashed"),
  };
}
