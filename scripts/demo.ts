/**
 * `npm run demo`: the main job, step by step, through the real CLI. For now: render a vLLM SDL for Qwen3-8B
 * on one H100 at most $2/h for mainnet, validate it, and show its manifest version hash and price per hour.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "./run-cli.js";

const dir = join(".akash-gpu", "demo");
mkdirSync(dir, { recursive: true });
const sdlFile = join(dir, "qwen3-8b-vllm.yaml");

function step(title: string, args: string[]): string {
  console.log(`\n▶ ${title}\n  $ akash-gpu ${args.join(" ")}`);
  const result = runCli(args);
  if (result.stderr.trim()) console.log(result.stderr.trimEnd().replace(/^/gm, "  "));
  if (result.status !== 0) {
    console.error(`  ✗ exit ${result.status}\n${result.stdout}`);
    process.exit(result.status || 1);
  }
  return result.stdout;
}

step("Render an SDL: vLLM serving Qwen/Qwen3-8B on one H100, at most $2/h", [
  "sdl", "render", "--network", "mainnet", "--runtime", "vllm", "--model", "Qwen/Qwen3-8B", "--gpu", "h100", "--max-usd-per-hour", "2", "-o", sdlFile,
]);
const human = step("Validate it against chain-sdk and mainnet's rules", ["sdl", "validate", "--network", "mainnet", sdlFile]);
console.log(human.trimEnd().replace(/^/gm, "  "));
const result = JSON.parse(step("The same as JSON, for scripts", ["sdl", "validate", "--network", "mainnet", sdlFile, "--json"])) as {
  manifestVersion: string;
  pricePerBlock: { denom: string; amount: string };
  usdPerHour: number;
};
console.log(`\n✓ manifest version hash: ${result.manifestVersion}`);
console.log(`✓ price ceiling: ${result.pricePerBlock.amount} ${result.pricePerBlock.denom} per block = $${result.usdPerHour.toFixed(2)} per hour at 6 s blocks`);
console.log(`  SDL written to ${sdlFile} (mode 0600: it holds the inference API key)`);
