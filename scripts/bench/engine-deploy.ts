/**
 * One deploy with the real CLI, spawned as a user runs it: `akash-gpu deploy --runtime vllm --model
 * Qwen/Qwen3-8B --gpu h100 --json`, its result's timings, and two clocks the bench adds from outside: the
 * CLI's wall time, and the node's commit of the lease block → the moment the CLI printed that the provider
 * accepted the manifest (its progress line on stderr, read as it arrives). Closed after with `akash-gpu close`.
 */
import type { EngineDevnet } from "./engine-devnet.js";

export const QWEN = ["--runtime", "vllm", "--model", "Qwen/Qwen3-8B", "--gpu", "h100"];

export type DeployTimings = { createdHeight: number; firstBidHeight: number | null; leaseHeight: number; manifestSentMs: number; readyMs: number };

export type CliDeployRun = {
  dseq: string;
  timings: DeployTimings;
  /** Spawn to exit of the deploy command. */
  wallMs: number;
  /** The lease block's commit on the node → the CLI's "accepted the manifest" line read here. */
  nodeCommitToManifestMs: number | undefined;
};

type DeployJson = { dseq: string; timings: DeployTimings };

export async function cliDeploy(local: EngineDevnet): Promise<CliDeployRun> {
  const run = await local.cli(["deploy", ...QWEN, "--json"]);
  if (run.status !== 0) throw new Error(`akash-gpu deploy exited ${run.status}:\n${run.stderr}`);
  const result = JSON.parse(run.stdout) as DeployJson;
  // Human progress goes to stderr also with --json: "  2.4s          ✓ manifest rhine accepted the manifest".
  const manifestLine = run.lines.find((line) => line.stream === "stderr" && /✓ manifest .*accepted the manifest/.test(line.text));
  const leaseCommitted = local.committedAt.get(result.timings.leaseHeight);
  const closed = await local.cli(["close", result.dseq, "--json"]);
  if (closed.status !== 0) throw new Error(`akash-gpu close ${result.dseq} exited ${closed.status}:\n${closed.stderr}`);
  return {
    dseq: result.dseq,
    timings: result.timings,
    wallMs: run.wallMs,
    nodeCommitToManifestMs: manifestLine && leaseCommitted ? manifestLine.at - leaseCommitted : undefined,
  };
}
