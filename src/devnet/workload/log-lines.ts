/**
 * A workload's container log: lines in the style each server prints (vLLM's logger and uvicorn's access log;
 * llama.cpp's LOG_INF lines), kept in a bounded buffer for the provider's log stream and emitted as they come.
 * Secrets never appear: the API key is not part of any line.
 */
import { EventEmitter } from "node:events";
import type { Flavor } from "./workload-context.js";

/** Lines kept for `getLogs`; older ones are dropped, as a container runtime rotates logs. */
const KEPT_LINES = 2000;

export class LogBuffer {
  readonly emitter = new EventEmitter<{ line: [string] }>();
  readonly #lines: string[] = [];

  push(line: string): void {
    this.#lines.push(line);
    if (this.#lines.length > KEPT_LINES) this.#lines.splice(0, this.#lines.length - KEPT_LINES);
    this.emitter.emit("line", line);
  }

  /** The last `count` lines (all kept lines when not given). */
  tail(count?: number): string[] {
    return count === undefined ? [...this.#lines] : this.#lines.slice(Math.max(0, this.#lines.length - count));
  }
}

export type AccessRecord = { method: string; path: string; address: string; port: number; status: number; reason: string };

export type ServerLogLines = {
  starting(address: string, model: string, servedModelName: string): string[];
  loaded(address: string, loadSeconds: number): string[];
  /** An access-log line, or undefined for requests the server does not log. */
  request(record: AccessRecord): string | undefined;
  crashed(): string[];
  stopped(): string[];
};

export function serverLogLines(flavor: Flavor): ServerLogLines {
  return flavor === "vllm" ? vllmLines : llamaCppLines;
}

/** vLLM's "INFO 10-14 09:00:00 [file.py:line] message". */
function vllm(level: "INFO" | "ERROR", source: string, message: string): string {
  const now = new Date().toISOString();
  return `${level} ${now.slice(5, 7)}-${now.slice(8, 10)} ${now.slice(11, 19)} [${source}] ${message}`;
}

const vllmLines: ServerLogLines = {
  starting: (_address, model, servedModelName) => [
    vllm("INFO", "api_server.py:1896", "vLLM API server version 0.11.0"),
    vllm("INFO", "utils.py:233", `non-default args: {'model_tag': '${model}', 'model': '${model}', 'served_model_name': ['${servedModelName}']}`),
    vllm("INFO", "gpu_model_runner.py:2602", `Starting to load model ${model}...`),
  ],
  loaded: (address, loadSeconds) => [
    vllm("INFO", "gpu_model_runner.py:2653", `Model loading took 15.27 GiB and ${loadSeconds.toFixed(6)} seconds`),
    vllm("INFO", "api_server.py:1971", `Starting vLLM API server 0 on ${address}`),
    "INFO:     Started server process [1]",
    "INFO:     Waiting for application startup.",
    "INFO:     Application startup complete.",
  ],
  request: ({ method, path, address, port, status, reason }) => `INFO:     ${address}:${port} - "${method} ${path} HTTP/1.1" ${status} ${reason}`,
  crashed: () => [vllm("ERROR", "core_client.py:564", "Engine core proc EngineCore_DP0 died unexpectedly, shutting down client.")],
  stopped: () => ["INFO:     Shutting down", "INFO:     Waiting for application shutdown.", "INFO:     Application shutdown complete.", "INFO:     Finished server process [1]"],
};

const llamaCppLines: ServerLogLines = {
  starting: (address, model) => [
    "build: 11206 (devnet) with cc (GCC) for x86_64-linux-gnu",
    `main: HTTP server is listening, address: ${address}`,
    "main: loading model",
    `srv    load_model: loading model '${model}'`,
  ],
  loaded: (address) => ["main: model loaded", `main: server is listening on ${address} - starting the main loop`, "srv  update_slots: all slots are idle"],
  // llama.cpp leaves /v1/health out of its access log (editors poll it).
  request: ({ method, path, address, status }) => (path === "/v1/health" ? undefined : `srv  log_server_r: request: ${method} ${path} ${address} ${status}`),
  crashed: () => ["Segmentation fault (core dumped)"],
  stopped: () => ["srv    operator(): operator(): cleaning up before exit..."],
};
