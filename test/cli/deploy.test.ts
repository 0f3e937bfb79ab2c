import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDeployment, listBids, listDeployments, listLeases } from "../../src/chain/queries/index.js";
import { uactBalance } from "../../src/engine/close-deployments.js";
import { clientFor, fundedWallet } from "../chain/helpers.js";
import { jsonl, startLocalDevnet, type LocalDevnet } from "./local-devnet.js";

type DeployJson = {
  dseq: string;
  owner: string;
  leases: { provider: string; gseq: number; oseq: number; bseq: number; pricePerBlock: { denom: string; amount: string }; usdPerHour: number; endpoint: { url: string; apiKey?: string } }[];
  timings: { createdHeight: number; firstBidHeight: number; leaseHeight: number; manifestSentMs: number; readyMs: number };
};

let local: LocalDevnet;
const qwen = ["--runtime", "vllm", "--model", "Qwen/Qwen3-8B", "--gpu", "h100"];

beforeAll(async () => {
  local = await startLocalDevnet({ blockTimeMs: 400, prefix: "deploy" });
});

afterAll(async () => {
  await local?.devnet.stop();
});

const owner = () => local.devnet.address;
const providerNamed = (name: string) => local.devnet.providers.find((p) => p.name === name)!;
const activeLeases = async (dseq: bigint) => (await listLeases(local.sdk, { owner: owner(), dseq })).filter((l) => l.state === "active");

describe("akash-gpu deploy", () => {
  it("places two replicas on two providers whose endpoints answer /v1/models with the key; teardown by label closes them", async () => {
    const result = await local.cli(["deploy", ...qwen, "--replicas", "2", "--label", "team=ml", "--json", "--show-secrets"]);
    expect(result.status, result.stderr).toBe(0);
    const deployed = JSON.parse(result.stdout) as DeployJson;
    expect(deployed.owner).toBe(owner());
    expect(deployed.leases).toHaveLength(2);
    expect(new Set(deployed.leases.map((l) => l.provider)).size).toBe(2);
    expect(deployed.leases.map((l) => l.gseq).sort()).toEqual([1, 2]);
    for (const lease of deployed.leases) {
      expect(lease.pricePerBlock.denom).toBe("uact");
      expect(lease.usdPerHour).toBeGreaterThan(0);
      const models = await fetch(`${lease.endpoint.url}/v1/models`, { headers: { authorization: `Bearer ${lease.endpoint.apiKey}` } });
      expect(models.status).toBe(200);
      expect(((await models.json()) as { data: { id: string }[] }).data.map((m) => m.id)).toContain("Qwen/Qwen3-8B");
      expect((await fetch(`${lease.endpoint.url}/v1/models`)).status).toBe(401);
    }
    const { timings } = deployed;
    expect(timings.firstBidHeight).toBeGreaterThan(timings.createdHeight);
    expect(timings.leaseHeight - timings.firstBidHeight).toBeLessThanOrEqual(2);
    expect(timings.readyMs).toBeGreaterThan(0);
    // The labels are on chain, in the group names.
    const deployment = await getDeployment(local.sdk, { owner: owner(), dseq: BigInt(deployed.dseq) });
    expect(deployment!.groups.map((g) => g.name).sort()).toEqual(["akash-1/team=ml", "akash-2/team=ml"]);

    const teardown = await local.cli(["teardown", "--label", "team=ml", "--json"]);
    expect(teardown.status, teardown.stderr).toBe(0);
    const closed = JSON.parse(teardown.stdout) as { closed: string[]; txs: string[]; refunded: { denom: string; amount: string }; failed: unknown[] };
    expect(closed.closed).toEqual([deployed.dseq]);
    expect(closed.failed).toEqual([]);
    expect(BigInt(closed.refunded.amount)).toBeGreaterThan(0n);
    expect(await activeLeases(BigInt(deployed.dseq))).toEqual([]);
  });

  it("picks the bid each strategy asks for", async () => {
    const run = async (strategy: string) => {
      const result = await local.cli(["deploy", ...qwen, "--strategy", strategy, "--label", "suite=strategy", "--json"]);
      expect(result.status, result.stderr).toBe(0);
      const deployed = JSON.parse(result.stdout) as DeployJson;
      const bids = await listBids(local.sdk, { owner: owner(), dseq: BigInt(deployed.dseq) });
      return { lease: deployed.leases[0]!, bids };
    };
    const cheapest = await run("cheapest");
    const lowest = cheapest.bids.reduce((a, b) => (a.price.amount.cmp(b.price.amount) <= 0 ? a : b));
    expect(cheapest.lease.provider).toBe(lowest.id.provider);

    const audited = await run("cheapest-audited");
    const auditedOwners = new Set(local.devnet.providers.filter((p) => p.audited).map((p) => p.owner));
    const lowestAudited = audited.bids.filter((b) => auditedOwners.has(b.id.provider)).reduce((a, b) => (a.price.amount.cmp(b.price.amount) <= 0 ? a : b));
    expect(audited.lease.provider).toBe(lowestAudited.id.provider);

    const preferred = await run("prefer=fjord,sierra");
    expect(preferred.lease.provider).toBe(providerNamed("fjord").owner);

    const teardown = await local.cli(["teardown", "--label", "suite=strategy", "-o", "jsonl"]);
    const records = jsonl(teardown.stdout);
    expect(records.filter((r) => r.type === "selected")).toHaveLength(3);
    expect(records.filter((r) => r.type === "tx")).toHaveLength(1);
    expect(records.filter((r) => r.type === "closed").map((r) => r.dseq)).toHaveLength(3);
    expect(records.at(-1)).toMatchObject({ type: "result", failed: [] });
    expect((records.at(-1)!.closed as string[]).length).toBe(3);
  });

  it("without a usable bid, closes the deployment, refunds the deposit and says why, with numbers", async () => {
    const before = await uactBalance(local.sdk, owner());
    const noGpu = await local.cli(["deploy", "--runtime", "llama-cpp", "--model", "Qwen/Qwen3-8B-GGUF", "--gpu", "t4", "--bid-window", "3", "-o", "jsonl"]);
    expect(noGpu.status).toBe(1);
    expect(noGpu.stderr).toContain("No provider on chain lists the GPU model t4 (6 providers checked)");
    expect(noGpu.stderr).toMatch(/Deployment \d+ was closed and [\d.]+ ACT returned to the wallet/);
    const dseq = BigInt(String(jsonl(noGpu.stdout).find((r) => r.dseq)!.dseq));
    expect((await getDeployment(local.sdk, { owner: owner(), dseq }))!.state).toBe("closed");

    const tooCheap = await local.cli(["deploy", ...qwen, "--max-usd-per-hour", "0.5", "--bid-window", "3"]);
    expect(tooCheap.status).toBe(1);
    expect(tooCheap.stderr).toMatch(/4 provider\(s\) could serve this \(.*\) but none bid at a ceiling of [\d.]+ uact\/block per unit \(\$0\.50\/h\)/);

    const region = await local.cli(["deploy", ...qwen, "--region", "ap-northeast", "--bid-window", "3"]);
    expect(region.status).toBe(1);
    expect(region.stderr).toMatch(/provider\(s\) list h100, but none in region ap-northeast: they are in /);

    // Every deposit came back: ACT is spent only by leases, and none was created.
    expect(await uactBalance(local.sdk, owner())).toBe(before);
  });

  it("retries a manifest the provider answers with 500, and refuses a provider whose certificate is not the one on chain", async () => {
    await local.providerFaults({ manifestErrors: 2 });
    const retried = await local.cli(["deploy", ...qwen, "--label", "suite=faults", "-o", "jsonl"]);
    await local.providerFaults({ manifestErrors: 0 });
    expect(retried.status, retried.stderr).toBe(0);
    const records = jsonl(retried.stdout);
    expect(records.filter((r) => r.step === "manifest" && r.status === "progress").map((r) => r.message)).toEqual([
      expect.stringMatching(/attempt 1 failed \(500\)/),
      expect.stringMatching(/attempt 2 failed \(500\)/),
    ]);
    expect(records.at(-1)).toMatchObject({ type: "result", leases: [expect.objectContaining({ endpoint: expect.objectContaining({ url: expect.stringMatching(/^http:/) }) })] });

    await local.providerFaults({ impostorCertificate: true });
    const impostor = await local.cli(["deploy", ...qwen, "--label", "suite=faults", "-o", "jsonl"]);
    await local.providerFaults({ impostorCertificate: false });
    expect(impostor.status).toBe(1);
    expect(impostor.stderr).toMatch(/man-in-the-middle/);
    const dseq = BigInt(String(jsonl(impostor.stdout).find((r) => r.dseq)!.dseq));
    expect((await getDeployment(local.sdk, { owner: owner(), dseq }))!.state).toBe("closed");
    expect(await activeLeases(dseq)).toEqual([]);
    await local.cli(["teardown", "--label", "suite=faults", "--json"]);
  });

  it("--dry-run sends nothing; bad flags name the flag and the fix", async () => {
    const before = (await listDeployments(local.sdk, { owner: owner() })).length;
    const dry = await local.cli(["deploy", ...qwen, "--runway", "48h", "--dry-run", "--json"]);
    expect(dry.status, dry.stderr).toBe(0);
    const plan = JSON.parse(dry.stdout) as { dryRun: boolean; deposit: { amount: string }; runwayBlocks: string };
    expect(plan.dryRun).toBe(true);
    expect(BigInt(plan.deposit.amount)).toBeGreaterThan(0n);
    expect(await listDeployments(local.sdk, { owner: owner() })).toHaveLength(before);

    const bad = await local.cli(["deploy", ...qwen, "--replicas", "0", "--strategy", "fastest", "--label", "Team=ml", "--runway", "soon"]);
    expect(bad.status).toBe(1);
    for (const text of ["--replicas", "a whole number from 1 to 20", "--strategy", "cheapest, cheapest-audited, or prefer=", "--label", "--runway", "e.g. 24h"]) expect(bad.stderr).toContain(text);
    const nothing = await local.cli(["deploy"]);
    expect(nothing.status).toBe(1);
    expect(nothing.stderr).toContain("--runtime, --model and --gpu to render an SDL, or --sdl FILE");
  });

  it("bids, status, logs and events show a deployment from chain and from its provider", async () => {
    const deployed = JSON.parse((await local.cli(["deploy", "--runtime", "llama-cpp", "--model", "Qwen/Qwen3-8B-GGUF", "--gpu", "rtx4090", "--label", "suite=inspect", "--json"])).stdout) as DeployJson;
    const dseq = deployed.dseq;
    const lease = deployed.leases[0]!;

    const bids = JSON.parse((await local.cli(["bids", dseq, "--json"])).stdout) as { bids: { provider: string; state: string; region: string; audited: boolean; usdPerHour: number; pricePerBlock: { amount: string } }[] };
    const won = bids.bids.find((b) => b.state === "active")!;
    expect(won.provider).toBe(lease.provider);
    expect(won.pricePerBlock.amount).toBe(lease.pricePerBlock.amount);
    const fleet = local.devnet.providers.find((p) => p.owner === lease.provider)!;
    expect(won).toMatchObject({ region: fleet.region, audited: fleet.audited });
    const table = await local.cli(["bids", dseq]);
    expect(table.stdout).toMatch(/GSEQ\s+PROVIDER\s+REGION\s+AUDITED\s+UACT\/BLOCK\s+USD\/H/);
    expect(table.stdout).toContain(fleet.name);

    const status = JSON.parse((await local.cli(["status", dseq, "--json"])).stdout) as { state: string; leases: { state: string; providerName: string; services: { name: string; available: number; total: number }[] }[] };
    expect(status.state).toBe("active");
    expect(status.leases).toEqual([expect.objectContaining({ state: "active", providerName: fleet.name, services: [expect.objectContaining({ name: "llama-cpp", available: 1, total: 1 })] })]);

    const logs = await local.cli(["logs", dseq, "--tail", "20"]);
    expect(logs.status, logs.stderr).toBe(0);
    expect(logs.stdout).toMatch(/^llama-cpp: .*server is listening/m);
    const events = await local.cli(["events", dseq, "--json"]);
    expect(events.status, events.stderr).toBe(0);
    expect(events.stdout.trim().split("\n").map((line) => (JSON.parse(line) as { reason: string }).reason)).toEqual(expect.arrayContaining(["Scheduled", "Pulled", "Started"]));

    const unknown = await local.cli(["status", "999999999"]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain("No deployment 999999999");
    expect((await local.cli(["bids", "12x"])).stderr).toContain("a positive whole number");
    await local.cli(["teardown", "--label", "suite=inspect", "--json"]);
  });

  it("a wallet without ACT: deploy says how much to mint, and --mint-act mints it (burning AKT) and deploys", async () => {
    const { client } = await clientFor(local.devnet);
    const { wallet, mnemonic } = await fundedWallet(client, 200_000_000n);
    await client.disconnect();
    const env = { AKASH_MNEMONIC: mnemonic };
    const short = await local.cli(["deploy", "--runtime", "llama-cpp", "--model", "Qwen/Qwen3-8B-GGUF", "--gpu", "rtx4090", "--runway", "2h"], env);
    expect(short.status).toBe(1);
    expect(short.stderr).toMatch(/Not enough ACT for the deposit: [\d.]+ ACT missing/);
    expect(short.stderr).toMatch(/found: 0\.000000 ACT in akash1/);
    expect(short.stderr).toMatch(/akash-gpu wallet mint-act --amount \d+/);
    expect(await listDeployments(local.sdk, { owner: wallet.address })).toEqual([]);

    const minted = await local.cli(["deploy", "--runtime", "llama-cpp", "--model", "Qwen/Qwen3-8B-GGUF", "--gpu", "rtx4090", "--runway", "2h", "--mint-act", "--akt-usd", "1.25", "--json"], env);
    expect(minted.status, minted.stderr).toBe(0);
    expect(minted.stderr).toMatch(/minted [\d.]+ ACT for [\d.]+ AKT/);
    const deployed = JSON.parse(minted.stdout) as DeployJson;
    expect(deployed.owner).toBe(wallet.address);
    expect(deployed.leases).toHaveLength(1);
    for (const text of [short.stdout, short.stderr, minted.stdout, minted.stderr]) expect(text).not.toContain(mnemonic.split(" ").slice(0, 4).join(" "));
    const teardown = await local.cli(["teardown", "--all", "--json"], env);
    expect((JSON.parse(teardown.stdout) as { closed: string[] }).closed).toEqual([deployed.dseq]);
  });
});
