/**
 * `npm run demo`: the main job end to end, through the real CLI, against an embedded devnet this script
 * starts and stops: render → deploy → ready → one chat completion → list with cost per hour → teardown,
 * ending with nothing left open.
 */
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { startDevnet } from "../src/devnet/start-devnet.js";
import { runCliAsync } from "./run-cli.js";

const stateDir = join(".akash-gpu", "demo");
rmSync(stateDir, { recursive: true, force: true });
mkdirSync(stateDir, { recursive: true });
const sdlFile = join(stateDir, "qwen3-8b-vllm.yaml");
const runId = `demo-${Date.now()}`;
const local = ["--network", "local", "--state-dir", stateDir];

async function step(title: string, args: string[], show = true): Promise<string> {
  console.log(`\n▶ ${title}\n  $ akash-gpu ${args.join(" ")}`);
  const result = await runCliAsync(args);
  if (result.stderr.trim()) console.log(result.stderr.trimEnd().replace(/^/gm, "  "));
  if (result.status !== 0) {
    console.error(`  ✗ exit ${result.status}\n${result.stdout}`);
    throw new Error(`step failed: ${title}`);
  }
  if (show && result.stdout.trim()) console.log(result.stdout.trimEnd().replace(/^/gm, "  "));
  return result.stdout;
}

console.log("▶ Start an embedded Akash devnet (chain, 6 GPU providers, 1 s blocks) on 127.0.0.1");
const devnet = await startDevnet({ blockTimeMs: 1000, stateDir, workloadLoadDelayMs: 1500 });
console.log(`  chain ${devnet.chainId} at ${devnet.rpc}; providers: ${devnet.providers.map((p) => `${p.name} (${p.region})`).join(", ")}`);
let exitCode = 0;
try {
  await step("Render an SDL: vLLM serving Qwen/Qwen3-8B on one H100, at most $3/h", [
    "sdl", "render", ...local, "--runtime", "vllm", "--model", "Qwen/Qwen3-8B", "--gpu", "h100", "--max-usd-per-hour", "3", "-o", sdlFile,
  ]);
  const deployed = JSON.parse(
    await step("Deploy it: deployment, bids, lease, manifest, readiness", ["deploy", ...local, "--sdl", sdlFile, "--model", "Qwen/Qwen3-8B", "--run-id", runId, "--json", "--show-secrets"], false),
  ) as { dseq: string; leases: { provider: string; usdPerHour: number; endpoint: { url: string; apiKey: string } }[]; timings: Record<string, number> };
  const lease = deployed.leases[0]!;
  console.log(`  deployment ${deployed.dseq}: ${lease.endpoint.url} on ${lease.provider} at $${lease.usdPerHour}/h`);
  console.log(`  timings: ${JSON.stringify(deployed.timings)}`);

  console.log(`\n▶ One chat completion through the endpoint\n  POST ${lease.endpoint.url}/v1/chat/completions`);
  const reply = await fetch(`${lease.endpoint.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${lease.endpoint.apiKey}` },
    body: JSON.stringify({ model: "Qwen/Qwen3-8B", messages: [{ role: "user", content: "Say hello from Akash." }], max_tokens: 32 }),
  });
  const completion = (await reply.json()) as { choices: { message: { content: string } }[]; usage: { total_tokens: number } };
  if (reply.status !== 200) throw new Error(`chat completion answered ${reply.status}`);
  console.log(`  ${reply.status}: "${completion.choices[0]!.message.content.slice(0, 80)}" (${completion.usage.total_tokens} tokens)`);

  await step("List this wallet's deployments with cost per hour and runway", ["list", ...local]);
  await step("Tear down everything of this run (as CI would, by run id)", ["teardown", ...local, "--run-id", runId, "--json"]);
  const after = JSON.parse(await step("Nothing is left open", ["list", ...local, "--json"], false)) as { deployments: unknown[] };
  if (after.deployments.length !== 0) throw new Error(`${after.deployments.length} deployment(s) still open`);
  console.log("  ✓ no open deployments");
} catch (error) {
  console.error(`\n✗ ${(error as Error).message}`);
  exitCode = 1;
} finally {
  await devnet.stop();
  console.log("\n▶ Devnet stopped.");
}
process.exit(exitCode);
