import jsYaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { Secret } from "../../src/config/secret.js";
import { analyzeSdl } from "../../src/sdl/analyze.js";
import { renderSdl } from "../../src/sdl/render.js";
import { FIXED_API_KEY, MAINNET_PRICE, knownFlags, params } from "./helpers.js";

type Sdl = {
  services: Record<string, { image: string; command: string[]; args: string[]; env: string[]; expose: { port: number; as: number; to: { global: boolean }[] }[]; params: { storage: Record<string, { mount: string }> } }>;
  profiles: { compute: Record<string, { resources: { gpu: { units: number; attributes: { vendor: { nvidia: { model: string; ram?: string }[] } } }; storage: { name?: string; size: string; attributes?: Record<string, unknown> }[] } }>; placement: Record<string, { pricing: Record<string, { denom: string; amount: number | string }>; attributes?: Record<string, string>; signedBy?: { anyOf: string[] } }> };
};

const MODELS = { vllm: "Qwen/Qwen3-8B", "llama-cpp": "Qwen/Qwen3-8B-GGUF" } as const;
const FLAG_FILES = { vllm: "vllm-serve-flags.txt", "llama-cpp": "llama-server-flags.txt" } as const;

describe("rendered templates (golden grid)", () => {
  for (const runtime of ["vllm", "llama-cpp"] as const) {
    for (const gpu of ["h100", "a100", "l40s", "rtx4090"]) {
      for (const gpuCount of [1, 2, 4]) {
        it(`${runtime} on ${gpuCount} x ${gpu}`, async () => {
          const rendered = renderSdl(params({ runtime, model: MODELS[runtime], gpus: [gpu], gpuCount: String(gpuCount), maxUsdPerHour: "2" }), MAINNET_PRICE);
          await expect(rendered.yaml).toMatchFileSnapshot(`__golden__/${runtime}-${gpu}-x${gpuCount}.yaml`);

          const analysis = await analyzeSdl(rendered.yaml, MAINNET_PRICE);
          expect(analysis.errors).toEqual([]);
          expect(analysis.warnings).toEqual([]);
          expect(analysis.valid).toBe(true);

          const sdl = jsYaml.load(rendered.yaml) as Sdl;
          const [name, service] = Object.entries(sdl.services)[0]!;
          const flags = knownFlags(FLAG_FILES[runtime]);
          for (const arg of service.args.filter((a) => a.startsWith("-"))) expect(flags, `${arg} is a real ${runtime} flag`).toContain(arg);
          expect(service.env).toContain(`${runtime === "vllm" ? "VLLM_API_KEY" : "LLAMA_API_KEY"}=${FIXED_API_KEY}`);
          expect(service.expose).toEqual([{ port: service.expose[0]!.port, as: service.expose[0]!.port, to: [{ global: true }] }]);
          const resources = sdl.profiles.compute[name]!.resources;
          expect(resources.gpu.units).toBe(gpuCount);
          expect(resources.gpu.attributes.vendor.nvidia.map((g) => g.model)).toEqual([gpu]);
          const cache = resources.storage.find((v) => v.name === "model-cache")!;
          expect(cache.attributes).toEqual({ persistent: true, class: "beta3" });
          expect(service.params.storage["model-cache"]!.mount).toMatch(/^\/root\/\.cache\//);
          expect(resources.storage.find((v) => v.name === "shm")!.attributes).toEqual({ persistent: false, class: "ram" });
          expect(service.params.storage.shm!.mount).toBe("/dev/shm");
          expect(sdl.profiles.placement.akash!.pricing[name]).toEqual({ denom: "uact", amount: "3333.333333" });
          if (runtime === "vllm") expect(service.args.join(" ")).toContain(`--tensor-parallel-size ${gpuCount}`);
        });
      }
    }
  }
});

describe("renderSdl", () => {
  it("sizes shm with the GPU count and the model cache with the model", () => {
    const one = jsYaml.load(renderSdl(params({ runtime: "vllm", model: "Qwen/Qwen3-32B", gpus: ["h100"], gpuCount: "1" }), MAINNET_PRICE).yaml) as Sdl;
    const eight = jsYaml.load(renderSdl(params({ runtime: "vllm", model: "Qwen/Qwen3-32B", gpus: ["h100"], gpuCount: "8" }), MAINNET_PRICE).yaml) as Sdl;
    const size = (sdl: Sdl, volume: string) => sdl.profiles.compute.vllm!.resources.storage.find((v) => v.name === volume)!.size;
    expect(size(one, "shm")).toBe("8Gi");
    expect(size(eight, "shm")).toBe("36Gi");
    expect(size(one, "model-cache")).toBe("90Gi"); // 61 GiB of bf16 weights × 1.25 + 10, in steps of 10
  });

  it("refuses a 70B bf16 model on one 80Gi GPU with the numbers", () => {
    const render = () => renderSdl(params({ runtime: "vllm", model: "meta-llama/Llama-3.3-70B-Instruct", gpus: ["a100:80Gi"] }), MAINNET_PRICE);
    expect(render).toThrow(/needs about 177 GiB of GPU memory for 70\.6B parameters at bf16 \(built-in table\); 1 x a100 with 80Gi has 80 \(3 would fit: --gpu-count 3\)/);
  });

  it("pins the memory size when only the larger variant of a GPU fits", () => {
    const rendered = renderSdl(params({ runtime: "vllm", model: "meta-llama/Llama-3.3-70B-Instruct", gpus: ["a100", "h100"], quantization: "awq" }), MAINNET_PRICE);
    const sdl = jsYaml.load(rendered.yaml) as Sdl;
    expect(sdl.profiles.compute.vllm!.resources.gpu.attributes.vendor.nvidia).toEqual([{ model: "a100", ram: "80Gi" }, { model: "h100" }]);
    expect(rendered.notes).toContain("pinned a100 to 80Gi: the smaller size cannot hold the model");
  });

  it("sizes GGUF models by their quantisation", () => {
    expect(renderSdl(params({ runtime: "llama-cpp", model: "unsloth/Llama-3.3-70B-Instruct-GGUF", gpus: ["h100"], quant: "Q4_K_M" }), MAINNET_PRICE).sizing!.neededGiB).toBe(52); // 70.6e9 × 4.85 bits = 39.9 GiB; × 1.2 + 1, ÷ 0.95
    expect(() => renderSdl(params({ runtime: "llama-cpp", model: "unsloth/Llama-3.3-70B-Instruct-GGUF", gpus: ["rtx4090"], quant: "Q4_K_M" }), MAINNET_PRICE)).toThrow(/1 x rtx4090 with 24Gi has 24 \(3 would fit/);
  });

  it("skips sizing with a note when the model's size is unknown", () => {
    const rendered = renderSdl(params({ runtime: "vllm", model: "acme/mystery-model", gpus: ["h100"] }), MAINNET_PRICE);
    expect(rendered.sizing).toBeUndefined();
    expect(rendered.notes.join("\n")).toMatch(/sizing check skipped.*--params-b/);
  });

  it("uses a default price ceiling from the catalog when none is given, and says so", () => {
    const rendered = renderSdl(params({ runtime: "vllm", model: "Qwen/Qwen3-8B", gpus: ["h100,a100"], gpuCount: "2" }), MAINNET_PRICE);
    // $3.20 (h100, above a100) × 2 = $6.4/h → 10666.666666 uact/block, truncated so it never exceeds the ceiling
    expect(rendered.pricePerBlock.amount).toBe("10666.666666");
    expect(rendered.usdPerHour.toString()).toBe("6.3999999996");
    expect(rendered.notes.join("\n")).toContain("price ceiling: $6.40/h (default for h100/a100 x 2; set --max-usd-per-hour)");
  });

  it("puts placement attributes, auditors, reclamation and the HF token where they belong", async () => {
    const rendered = renderSdl(
      { ...params({ runtime: "llama-cpp", model: "Qwen/Qwen3-8B-GGUF", gpus: ["rtx4090"], region: "us-west", attributes: ["tier=community"], audited: true, reclamationMinWindow: "24h", maxUactPerBlock: "250" }), hfToken: new Secret("hf_abcdefghijklmnop") },
      MAINNET_PRICE,
    );
    const sdl = jsYaml.load(rendered.yaml) as Sdl & { reclamation: { min_window: string } };
    expect(sdl.profiles.placement.akash).toMatchObject({ attributes: { region: "us-west", tier: "community" }, signedBy: { anyOf: ["akash1365yvmc4s7awdyj3n2sav7xfx76adc6dnmlx63"] }, pricing: { "llama-cpp": { denom: "uact", amount: 250 } } });
    expect(sdl.services["llama-cpp"]!.env).toContain("HF_TOKEN=hf_abcdefghijklmnop");
    expect(sdl.reclamation).toEqual({ min_window: "24h" });
    const analysis = await analyzeSdl(rendered.yaml, MAINNET_PRICE);
    expect(analysis.valid && analysis.reclamationMinWindow).toBe("24h");
  });

  it("generates a fresh API key per render unless one is given", () => {
    const raw = { runtime: "vllm", model: "Qwen/Qwen3-8B", gpus: ["h100"], gpuCount: "1" };
    const { parseRenderParams } = { parseRenderParams: params };
    const a = renderSdl({ ...parseRenderParams(raw), apiKey: undefined }, MAINNET_PRICE).apiKey.reveal();
    const b = renderSdl({ ...parseRenderParams(raw), apiKey: undefined }, MAINNET_PRICE).apiKey.reveal();
    expect(a).toMatch(/^sk-ag-[A-Za-z0-9_-]{32}$/);
    expect(a).not.toBe(b);
  });
});
