import { createHash } from "node:crypto";
import { tempDir } from "../temp-dir.js";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { runCli } from "../../scripts/run-cli.js";

const workdir = tempDir("cli");
const cli = (args: string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}) => runCli(args, { cwd: workdir, ...options });
const API_KEY = "sk-cli-test-key-0123456789abcdef";
const withKey = { env: { AKASH_INFERENCE_API_KEY: API_KEY } };

describe("akash-gpu sdl render | validate | manifest", () => {
  it("renders a vLLM SDL for Qwen3-8B on an H100 that validates, priced in uact, with GPU attributes and an API key", () => {
    const render = cli(["sdl", "render", "--runtime", "vllm", "--model", "Qwen/Qwen3-8B", "--gpu", "h100"], withKey);
    expect(render.status).toBe(0);
    expect(render.stdout).toContain("denom: uact");
    expect(render.stdout).toMatch(/nvidia:\n\s+- model: h100/);
    expect(render.stdout).toContain(`VLLM_API_KEY=${API_KEY}`);
    expect(render.stderr).not.toContain(API_KEY);

    writeFileSync(join(workdir, "vllm.yaml"), render.stdout);
    const validate = cli(["sdl", "validate", "vllm.yaml", "--json"]);
    expect(validate.status).toBe(0);
    const result = JSON.parse(validate.stdout);
    expect(result).toMatchObject({ valid: true, manifestVersion: expect.stringMatching(/^[0-9a-f]{64}$/), pricePerBlock: { denom: "uact", amount: "5333.333333" }, usdPerHour: 3.2 });
    expect(result.groups[0].resources[0].gpu).toEqual({ units: 1, models: [{ vendor: "nvidia", model: "h100" }] });
  });

  it("renders a llama.cpp SDL for a GGUF repo on an RTX 4090 that validates", () => {
    const render = cli(["sdl", "render", "--runtime", "llama-cpp", "--model", "Qwen/Qwen3-8B-GGUF", "--gpu", "rtx4090", "--max-usd-per-hour", "0.5"], withKey);
    expect(render.status).toBe(0);
    expect(render.stdout).toContain(`LLAMA_API_KEY=${API_KEY}`);
    const validate = cli(["sdl", "validate", "-"], { input: render.stdout });
    expect(validate.status).toBe(0);
    expect(validate.stdout).toContain("✓ valid SDL: standard input");
    expect(validate.stdout).toMatch(/833\.333333 uact\/block ≈ \$0\.50\/h at 6s blocks/);
    expect(validate.stdout).toContain("1 GPU: rtx4090");
  });

  it("refuses a 70B bf16 model on one 80Gi GPU with the sizing numbers", () => {
    const result = cli(["sdl", "render", "--runtime", "vllm", "--model", "meta-llama/Llama-3.3-70B-Instruct", "--gpu", "a100:80Gi"]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/needs about 177 GiB of GPU memory .*; 1 x a100 with 80Gi has 80/);
  });

  it("refuses a uakt-priced SDL with the reason, exit 1", () => {
    const sdl = cli(["sdl", "render", "--runtime", "vllm", "--model", "Qwen/Qwen3-8B", "--gpu", "h100"], withKey).stdout.replace("denom: uact", "denom: uakt");
    writeFileSync(join(workdir, "uakt.yaml"), sdl);
    const human = cli(["sdl", "validate", "uakt.yaml"]);
    expect(human.status).toBe(1);
    expect(human.stderr).toMatch(/error profiles\.placement\.akash\.pricing\.vllm\.denom \(line \d+\): uakt pricing is refused: since 2026-03-23/);
    expect(human.stderr).toMatch(/fix: set denom: uact/);
    const json = cli(["sdl", "validate", "uakt.yaml", "--json"]);
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ valid: false, errors: [{ path: "profiles.placement.akash.pricing.vllm.denom" }] });
  });

  it("prints the sorted manifest whose SHA-256 is the manifest version", () => {
    cli(["sdl", "render", "--runtime", "vllm", "--model", "Qwen/Qwen3-8B", "--gpu", "h100", "-o", "m.yaml"], withKey);
    const manifest = cli(["sdl", "manifest", "m.yaml"]);
    expect(manifest.status).toBe(0);
    const version = JSON.parse(cli(["sdl", "validate", "m.yaml", "--json"]).stdout).manifestVersion;
    expect(createHash("sha256").update(manifest.stdout.trimEnd()).digest("hex")).toBe(version);
    expect(JSON.parse(manifest.stdout)[0].services[0].env).toContain(`VLLM_API_KEY=${API_KEY}`);
  });

  it("writes -o files readable only by the owner and keeps the key off the terminal", () => {
    const result = cli(["sdl", "render", "--runtime", "vllm", "--model", "Qwen/Qwen3-8B", "--gpu", "h100", "-o", "secret.yaml"], withKey);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe("");
    expect(statSync(join(workdir, "secret.yaml")).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(workdir, "secret.yaml"), "utf8")).toContain(API_KEY);
    expect(result.stderr).toContain("--show-secrets prints it");
    expect(result.stderr).not.toContain(API_KEY);
    const shown = cli(["sdl", "render", "--runtime", "vllm", "--model", "Qwen/Qwen3-8B", "--gpu", "h100", "-o", "secret.yaml", "--show-secrets"], withKey);
    expect(shown.stderr).toContain(`api key: ${API_KEY}`);
  });

  it("masks secrets when stdout is a terminal unless --show-secrets is given", async () => {
    const run = async (extra: string[]) => {
      let stdout = "";
      let stderr = "";
      const io = { stdout: { write: (t: string) => (stdout += t), isTTY: true }, stderr: { write: (t: string) => (stderr += t) }, env: { NO_COLOR: "1", AKASH_INFERENCE_API_KEY: API_KEY, HF_TOKEN: "hf_secretsecret123" }, cwd: workdir };
      const code = await main(["sdl", "render", "--runtime", "vllm", "--model", "Qwen/Qwen3-8B", "--gpu", "h100", ...extra], io);
      return { code, stdout, stderr };
    };
    const masked = await run([]);
    expect(masked.code).toBe(0);
    expect(masked.stdout).toContain("VLLM_API_KEY=<redacted>");
    expect(masked.stdout).toContain("HF_TOKEN=<redacted>");
    expect(masked.stdout + masked.stderr).not.toMatch(/sk-cli-test|hf_secret/);
    const shown = await run(["--show-secrets"]);
    expect(shown.stdout).toContain(`VLLM_API_KEY=${API_KEY}`);
  });

  it("answers bad input with the flag, what was found and exit 1; as JSON with --json", () => {
    const human = cli(["sdl", "render", "--runtime", "vllm", "--model", "Qwen/Qwen3-8B", "--gpu", "h1000"]);
    expect(human.status).toBe(1);
    expect(human.stderr).toContain('--gpu: found "h1000"');
    const json = cli(["sdl", "render", "--runtime", "vllm", "--model", "Qwen/$(id)", "--gpu", "h100", "--json"]);
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout).error).toMatchObject({ name: "InvalidInputError", problems: [{ field: "--model" }], exitCode: 1 });
    expect(cli(["sdl", "render", "--runtime", "tgi", "--model", "a/b", "--gpu", "h100"]).status).toBe(1);
    expect(cli(["sdl", "validate", "does-not-exist.yaml"]).stderr).toContain("Cannot read does-not-exist.yaml");
  });

  it("names a bad variable and never shows the mnemonic", () => {
    const mnemonic = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon";
    const result = cli(["sdl", "render", "--runtime", "vllm", "--model", "Qwen/Qwen3-8B", "--gpu", "h100"], { env: { AKASH_MNEMONIC: mnemonic, AKASH_BLOCK_TIME: "fast" } });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("AKASH_MNEMONIC: found a value that does not have that form (not shown: it is secret)");
    expect(result.stderr).toContain('AKASH_BLOCK_TIME: found "fast"');
    expect(result.stdout + result.stderr).not.toContain("abandon");
  });
});

describe("--help", () => {
  it.each([[[]], [["sdl", "render"]], [["sdl", "validate"]], [["sdl", "manifest"]], [["config", "show"]], [["devnet", "start"]], [["devnet", "stop"]], [["wallet", "address"]], [["wallet", "balance"]]])("akash-gpu %j --help shows examples", (args) => {
    const result = cli([...args, "--help"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("Examples:");
    expect(result.stdout).toContain("$ akash-gpu");
  });

  it("config show tells where each value came from", () => {
    const result = cli(["config", "show", "--json", "--network", "local"], { env: { AKASH_GAS_PRICE: "0.03uakt" } });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ settings: { network: "local", gasPrice: "0.03uakt", chainId: "akash-local-1" }, origins: { network: "--network", gasPrice: "AKASH_GAS_PRICE", chainId: "the local preset" } });
  });
});
