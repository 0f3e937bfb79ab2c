/**
 * How a long command shows its steps: one line per step on stderr with the elapsed time, the block height and
 * a mark (colour only on a terminal) — also with `--json`, whose stdout holds nothing but the single result;
 * with `-o jsonl`, one JSON record per step on stdout instead.
 */
import type { DeployEvent } from "../engine/deploy-types.js";
import type { Output } from "./io.js";

export type OutputMode = "human" | "json" | "jsonl";

const MARK = { start: "›", progress: " ", done: "✓", failed: "✗" } as const;

export function outputMode(options: { json?: boolean; output?: string }): OutputMode {
  if (options.output === "jsonl") return "jsonl";
  if (options.json || options.output === "json") return "json";
  return "human";
}

export class Progress {
  constructor(
    private readonly output: Output,
    private readonly mode: OutputMode,
  ) {}

  event(event: DeployEvent): void {
    if (this.mode === "jsonl") return this.output.json({ type: "step", ...event });
    const seconds = `${(event.elapsedMs / 1000).toFixed(1)}s`.padStart(7);
    const height = event.height !== undefined ? `h${event.height}`.padEnd(9) : "".padEnd(9);
    const mark = MARK[event.status];
    const painted = event.status === "done" ? this.output.paint("green", mark) : event.status === "failed" ? this.output.paint("red", mark) : mark;
    const [first, ...more] = event.message.split("\n");
    const line = `${this.output.paint("dim", seconds)} ${this.output.paint("dim", height)} ${painted} ${event.step.padEnd(8)} ${event.status === "progress" ? this.output.paint("dim", first!) : first}`;
    this.output.note([line, ...more.map((text) => `${" ".repeat(29)}${text}`)].join("\n"));
  }

  /** The final result: the JSON document (also the last jsonl record), or the human summary lines. */
  result(json: Record<string, unknown>, human: string[], mayCarrySecrets = false): void {
    if (this.mode === "jsonl") return this.output.json({ type: "result", ...json }, mayCarrySecrets);
    if (this.mode === "json") return this.output.json(json, mayCarrySecrets);
    for (const line of human) this.output.out(line, mayCarrySecrets);
  }
}

/** A command's JSON result: one document (json), or its records one per line and then the result (jsonl). */
export function printJson(output: Output, mode: OutputMode, result: Record<string, unknown>, records: Record<string, unknown>[] = []): void {
  if (mode !== "jsonl") return output.json(result);
  for (const record of records) output.json(record);
  output.json({ type: "result", ...result });
}
