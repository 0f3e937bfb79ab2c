/**
 * workloadOptionsFromService on the manifests of akash-gpu's rendered templates (the SDL goldens), and on the
 * other ways a manifest can spell the same flags.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { analyzeSdl } from "../../src/sdl/analyze.js";
import { workloadOptionsFromService, type ManifestService } from "../../src/devnet/workload/from-manifest.js";
import { startWorkload } from "../../src/devnet/workload/start-workload.js";
import { FIXED_API_KEY, MAINNET_PRICE } from "../sdl/helpers.js";

async function manifestServices(golden: string): Promise<ManifestService[]> {
  const analysis = await analyzeSdl(readFileSync(new URL(`../sdl/__golden__/${golden}`, import.meta.url), "utf8"), MAINNET_PRICE);
  if (!analysis.valid) throw new Error(`${golden}: ${JSON.stringify(analysis.errors)}`);
  const groups = JSON.parse(analysis.manifestJson) as { services: ManifestService[] }[];
  return groups.flatMap((group) => group.services);
}

const base = { name: "svc", command: null, args: null, env: null };

describe("workloadOptionsFromService", () => {
  it("reads the rendered vLLM template", async () => {
    const [service] = await manifestServices("vllm-h100-x1.yaml");
    expect(workloadOptionsFromService(service!)).toEqual({
      containerPort: 8000,
      options: { flavor: "vllm", model: "Qwen/Qwen3-8B", servedModelName: "Qwen/Qwen3-8B", apiKey: FIXED_API_KEY, contextLength: undefined, maxConcurrentRequests: undefined },
    });
  });

  it("reads the rendered llama.cpp template: 4 slots split the 32768-token context, 8192 each", async () => {
    const [service] = await manifestServices("llama-cpp-rtx4090-x1.yaml");
    expect(workloadOptionsFromService(service!)).toEqual({
      containerPort: 8080,
      options: {
        flavor: "llama-cpp",
        model: "Qwen/Qwen3-8B-GGUF:Q4_K_M",
        servedModelName: "Qwen/Qwen3-8B-GGUF",
        apiKey: FIXED_API_KEY,
        contextLength: 8192,
        maxConcurrentRequests: 4,
      },
    });
  });

  it("serves what the manifest describes, behind its key", async () => {
    const [service] = await manifestServices("llama-cpp-rtx4090-x1.yaml");
    const workload = await startWorkload({ ...workloadOptionsFromService(service!)!.options, tokensPerSecond: 1000 });
    try {
      const models = (await (await fetch(`${workload.url}/v1/models`)).json()) as { data: { id: string }[] };
      expect(models.data[0]!.id).toBe("Qwen/Qwen3-8B-GGUF");
      const body = JSON.stringify({ messages: [{ role: "user", content: "hi" }], max_tokens: 2 });
      const denied = await fetch(`${workload.url}/v1/chat/completions`, { method: "POST", body });
      expect(denied.status).toBe(401);
      const allowed = await fetch(`${workload.url}/v1/chat/completions`, { method: "POST", body, headers: { authorization: `Bearer ${FIXED_API_KEY}` } });
      expect(allowed.status).toBe(200);
    } finally {
      await workload.stop();
    }
  });

  it("takes --flag=value, the last occurrence, and flags over environment variables", () => {
    const vllm = workloadOptionsFromService({
      ...base,
      image: "vllm/vllm-openai:v0.10.2",
      command: ["vllm", "serve"],
      args: ["meta-llama/Llama-3.1-8B-Instruct", "--port=9000", "--served-model-name", "llama", "--max-model-len", "32k", "--max-num-seqs=8", "--api-key", "from-flag"],
      env: ["VLLM_API_KEY=from-env"],
    });
    expect(vllm).toEqual({
      containerPort: 9000,
      options: { flavor: "vllm", model: "meta-llama/Llama-3.1-8B-Instruct", servedModelName: "llama", apiKey: "from-flag", contextLength: 32000, maxConcurrentRequests: 8 },
    });

    const llama = workloadOptionsFromService({
      ...base,
      image: "ghcr.io/ggml-org/llama.cpp:server",
      args: ["-hf", "org/model-GGUF", "-c", "8192", "--port", "1234", "--port", "5678"],
      env: ["LLAMA_API_KEY=env-key", "LLAMA_ARG_ALIAS=named"],
    });
    expect(llama).toMatchObject({ containerPort: 5678, options: { servedModelName: "named", apiKey: "env-key", contextLength: 8192, maxConcurrentRequests: 4 } });
  });

  it("recognises llama-server by its command and leaves other images alone", () => {
    const custom = workloadOptionsFromService({ ...base, image: "example.com/my/llama:1", command: ["/usr/local/bin/llama-server"], args: ["-m", "/models/x.gguf"] });
    expect(custom?.options).toMatchObject({ flavor: "llama-cpp", servedModelName: "/models/x.gguf" });
    expect(workloadOptionsFromService({ ...base, image: "nginx:1.27" })).toBeUndefined();
    expect(() => workloadOptionsFromService({ ...base, image: "vllm/vllm-openai:v0.11.0", args: ["m", "--port", "http"] })).toThrow(/--port "http"/);
  });
});
