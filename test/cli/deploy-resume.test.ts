/**
 * Crash safety: a deploy killed (SIGKILL, no chance to clean up) at each step, then `deploy --resume`, leaves
 * exactly one lease serving or nothing open — never two leases, never an open deployment nobody knows of.
 */
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, transcript } from "../../scripts/run-cli.js";
import { getDeployment, listLeases } from "../../src/chain/queries/index.js";
import { startLocalDevnet, type LocalDevnet } from "./local-devnet.js";

let local: LocalDevnet;

beforeAll(async () => {
  local = await startLocalDevnet({ blockTimeMs: 400, prefix: "resume" });
});

afterAll(async () => {
  await local?.devnet.stop();
});

type Step = { step: string; status: string; dseq?: string };

/** Runs `deploy -o jsonl` and kills it with SIGKILL as soon as a step record matches `at`; returns the dseq. */
function deployKilledAt(at: (record: Step) => boolean, extra: string[] = []): Promise<{ dseq: string | undefined; killed: boolean }> {
  const args = ["deploy", "--runtime", "vllm", "--model", "Qwen/Qwen3-8B", "--gpu", "h100", "--label", "suite=resume", "-o", "jsonl", ...extra, "--network", "local", "--state-dir", local.stateDir];
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  let dseq: string | undefined;
  let killed = false;
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on("data", (chunk: Buffer) => {
    const lines = (stdout += chunk.toString()).split("\n");
    for (const line of lines.slice(0, -1)) {
      const record = JSON.parse(line) as Step;
      dseq ??= record.dseq;
      if (!killed && at(record)) {
        killed = child.kill("SIGKILL");
      }
    }
  });
  return new Promise((resolve) =>
    child.on("close", () => {
      transcript.push({ args, status: -1, stdout, stderr });
      resolve({ dseq, killed });
    }),
  );
}

const KILL_POINTS: [string, (r: Step) => boolean, string[]][] = [
  ["as the create is sent", (r) => r.step === "create" && r.status === "start", []],
  ["after the create", (r) => r.step === "create" && r.status === "done", []],
  ["after the bids", (r) => r.step === "bids" && r.status === "done", []],
  ["after the lease", (r) => r.step === "lease" && r.status === "done", []],
  ["during the manifest upload", (r) => r.step === "manifest" && r.status === "progress", ["--bid-window", "4"]],
];

describe("deploy --resume after a kill", () => {
  it.each(KILL_POINTS)("killed %s: resume leaves exactly one serving lease or nothing open", async (_name, at, extra) => {
    const manifestFault = _name.startsWith("during the manifest");
    if (manifestFault) await local.providerFaults({ manifestErrors: 3 });
    const { dseq, killed } = await deployKilledAt(at, extra);
    if (manifestFault) await local.providerFaults({ manifestErrors: 0 });
    expect(killed).toBe(true);

    const listed = await local.cli(["list", "--json"]);
    expect(listed.status, listed.stderr).toBe(0);
    expect(listed.stdout).toContain(dseq ?? "");

    const resumed = await local.cli(["deploy", "--resume", "--json"]);
    expect(resumed.status, resumed.stderr).toBe(0);
    const { resumed: outcomes } = JSON.parse(resumed.stdout) as { resumed: { dseq: string; outcome: string; leases?: { endpoint: { url: string } | null }[] }[] };
    const mine = outcomes.find((o) => o.dseq === dseq);
    expect(mine, JSON.stringify(outcomes)).toBeDefined();

    const owner = local.devnet.address;
    const deployment = await getDeployment(local.sdk, { owner, dseq: BigInt(dseq!) });
    const active = (await listLeases(local.sdk, { owner, dseq: BigInt(dseq!) })).filter((l) => l.state === "active");
    if (mine!.outcome === "completed") {
      expect(deployment!.state).toBe("active");
      expect(active).toHaveLength(1);
      expect(mine!.leases).toHaveLength(1);
      expect((await fetch(`${mine!.leases![0]!.endpoint!.url}/health`)).status).toBe(200);
    } else {
      expect(["not-on-chain", "closed", "already-closed"]).toContain(mine!.outcome);
      expect(active).toHaveLength(0);
      if (deployment) expect(deployment.state).toBe("closed");
    }
    // Nothing is left to resume.
    const again = await local.cli(["deploy", "--resume", "--json"]);
    expect((JSON.parse(again.stdout) as { resumed: unknown[] }).resumed).toEqual([]);
    await local.cli(["teardown", "--label", "suite=resume", "--json"]);
  });

  it("--resume --abandon closes an interrupted deploy instead of completing it", async () => {
    const { dseq } = await deployKilledAt((r) => r.step === "lease" && r.status === "done");
    const abandoned = await local.cli(["deploy", "--resume", "--abandon", "--json"]);
    expect(abandoned.status, abandoned.stderr).toBe(0);
    const { resumed } = JSON.parse(abandoned.stdout) as { resumed: { dseq: string; outcome: string; refunded?: { amount: string } }[] };
    expect(resumed).toEqual([expect.objectContaining({ dseq, outcome: "closed" })]);
    expect(BigInt(resumed[0]!.refunded!.amount)).toBeGreaterThan(0n);
    expect((await getDeployment(local.sdk, { owner: local.devnet.address, dseq: BigInt(dseq!) }))!.state).toBe("closed");
  });
});
