/**
 * The typed, validated parameters of `sdl render`. Every value that ends up in a container's command line is
 * checked against a strict pattern here, so nothing a user types can become shell syntax in the SDL.
 */
import { z } from "zod";
import { InvalidInputError, type InputProblem } from "../errors/invalid-input.js";
import type { Secret } from "../config/secret.js";
import { findGpu, suggestGpuModels, knownGpuModels, type GpuInterface } from "./gpu-catalog.js";
import { RUNTIMES, VLLM_DTYPES, VLLM_QUANTIZATIONS } from "./choices.js";
import { isSize } from "./sizes.js";

export type GpuChoice = { model: string; ram?: string; interface?: GpuInterface };

/** The auditor Akash itself runs; `--audited` restricts bids to providers it signed. */
export const AKASH_AUDITOR = "akash1365yvmc4s7awdyj3n2sav7xfx76adc6dnmlx63";


const UNSAFE = "contains characters that are unsafe in a container command line (quotes, $(, backticks, spaces, newlines, ;, |, &)";
const safe = (pattern: RegExp, expected: string) => z.string().refine((v) => pattern.test(v), { message: `${expected}; ${UNSAFE} are refused` });
const decimal = z.string().regex(/^\d+(\.\d+)?$/, "a decimal number such as 2 or 1.5").refine((v) => Number(v) > 0, "a number above 0");
const size = z.string().refine(isSize, "a size such as 32Gi or 500Mi");

const schema = z.object({
  runtime: z.enum(RUNTIMES, { message: `one of ${RUNTIMES.join(", ")}` }),
  model: safe(/^[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/, "a Hugging Face repository id such as Qwen/Qwen3-8B"),
  servedModelName: safe(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/, "a name of letters, digits and . _ : / -").optional(),
  gpus: z.array(z.string()).min(1, "at least one GPU model, e.g. --gpu h100"),
  gpuCount: z.coerce.number().int().min(1).max(24, "1 to 24 (the chain's limit per unit)"),
  cpu: z.coerce.number().min(0.01).max(384, "0.01 to 384 cores").optional(),
  memory: size.optional(),
  storage: size.optional(),
  modelCache: size.optional(),
  maxUsdPerHour: decimal.optional(),
  maxUactPerBlock: decimal.refine((v) => Number(v) <= 10_000_000, "at most 10000000 uact per block (the chain's limit)").optional(),
  region: safe(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, "a region name such as us-west").optional(),
  attributes: z.array(safe(/^[a-zA-Z][\w/.-]{1,126}=[A-Za-z0-9._:/-]{1,64}$/, "key=value, e.g. tier=community")).default([]),
  signedBy: z.array(safe(/^akash1[02-9ac-hj-np-z]{38}$/, "an akash1… auditor address")).default([]),
  audited: z.boolean().default(false),
  reclamationMinWindow: z.string().regex(/^[1-9][0-9]*(s|m|h)$/, "a whole number of s, m or h, e.g. 24h").optional(),
  contextLength: z.coerce.number().int().min(256).max(10_000_000).optional(),
  gpuMemoryUtilization: z.coerce.number().gt(0).max(1, "a fraction above 0 and at most 1, e.g. 0.9").optional(),
  dtype: z.enum(VLLM_DTYPES, { message: `one of ${VLLM_DTYPES.join(", ")}` }).optional(),
  quantization: z.enum(VLLM_QUANTIZATIONS, { message: `one of ${VLLM_QUANTIZATIONS.join(", ")}` }).optional(),
  quant: safe(/^(UD-)?(I?Q\d+(_[A-Za-z0-9]+)*|F16|BF16|F32)$/i, "a GGUF quantisation such as Q4_K_M or Q8_0").optional(),
  ggufFile: safe(/^[A-Za-z0-9][A-Za-z0-9._/-]*\.gguf$/, "a .gguf file in the repository, e.g. qwen3-8b-q4_k_m.gguf").optional(),
  parallel: z.coerce.number().int().min(1).max(256).optional(),
  image: safe(/^[a-z0-9][a-z0-9._/-]*(:[A-Za-z0-9._-]+)?(@sha256:[a-f0-9]{64})?$/, "a container image such as vllm/vllm-openai:v0.11.0").optional(),
  paramsB: z.coerce.number().gt(0).max(100_000).optional(),
  precision: z.string().regex(/^[a-z0-9_-]+$/i).optional(),
  trustRemoteCode: z.boolean().default(false),
});

type Parsed = z.infer<typeof schema>;
export type RenderParams = Omit<Parsed, "gpus"> & { gpus: GpuChoice[]; apiKey?: Secret; hfToken?: Secret };

/** CLI flag for each parameter, so errors name what the user typed. */
const FLAG: Record<string, string> = {
  gpus: "--gpu", servedModelName: "--served-model-name", gpuCount: "--gpu-count", modelCache: "--model-cache",
  maxUsdPerHour: "--max-usd-per-hour", maxUactPerBlock: "--max-uact-per-block", attributes: "--attribute",
  signedBy: "--signed-by", reclamationMinWindow: "--reclamation-min-window", contextLength: "--context-length",
  gpuMemoryUtilization: "--gpu-memory-utilization", ggufFile: "--gguf-file", paramsB: "--params-b", trustRemoteCode: "--trust-remote-code",
};
export const flagOf = (key: string): string => FLAG[key] ?? `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

export function parseRenderParams(raw: Record<string, unknown>, secrets: { apiKey?: Secret; hfToken?: Secret } = {}): RenderParams {
  const problems: InputProblem[] = [];
  const result = schema.safeParse(raw);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const key = String(issue.path[0] ?? "");
      const value = issue.path.reduce<unknown>((v, k) => (v as Record<PropertyKey, unknown> | undefined)?.[k], raw);
      problems.push({ field: flagOf(key), found: value === undefined ? "nothing" : JSON.stringify(value), expected: issue.message });
    }
    throw new InvalidInputError("Invalid render parameters", problems);
  }
  const params = result.data;
  if (params.maxUsdPerHour && params.maxUactPerBlock) {
    problems.push({ field: "--max-usd-per-hour / --max-uact-per-block", found: "both", expected: "one price ceiling, either in USD per hour or in uact per block" });
  }
  const gpus = params.gpus.flatMap((spec) => spec.split(",")).map((spec) => parseGpuSpec(spec.trim(), problems));
  if (params.runtime === "vllm" && (params.quant || params.ggufFile || params.parallel)) {
    problems.push({ field: params.quant ? "--quant" : params.ggufFile ? "--gguf-file" : "--parallel", found: "a llama.cpp option with --runtime vllm", expected: "vLLM options: --quantization, --dtype, --gpu-memory-utilization" });
  }
  if (params.runtime === "llama-cpp" && (params.quantization || params.dtype || params.gpuMemoryUtilization)) {
    problems.push({ field: params.quantization ? "--quantization" : params.dtype ? "--dtype" : "--gpu-memory-utilization", found: "a vLLM option with --runtime llama-cpp", expected: "llama.cpp options: --quant or --gguf-file, --parallel" });
  }
  if (params.quant && params.ggufFile) {
    problems.push({ field: "--quant / --gguf-file", found: "both", expected: "either a quantisation (picks the file) or an explicit .gguf file" });
  }
  if (problems.length > 0) throw new InvalidInputError("Invalid render parameters", problems);
  return { ...params, gpus, ...secrets };
}

/** "h100", "a100:80Gi", "h100:80Gi:sxm", "h100::pcie". */
function parseGpuSpec(spec: string, problems: InputProblem[]): GpuChoice {
  const [name = "", ram, iface] = spec.split(":");
  const gpu = findGpu(name);
  if (!gpu) {
    const hints = suggestGpuModels(name);
    problems.push({
      field: "--gpu",
      found: JSON.stringify(name),
      expected: hints.length > 0 ? `a known GPU model; did you mean ${hints.join(" or ")}?` : `one of ${knownGpuModels().join(", ")}`,
    });
    return { model: name };
  }
  const choice: GpuChoice = { model: gpu.model };
  if (ram) {
    const match = gpu.ram.find((r) => r.toLowerCase() === ram.toLowerCase());
    if (!match) problems.push({ field: "--gpu", found: `${gpu.model} with ${ram}`, expected: `${gpu.model} comes with ${gpu.ram.join(" or ")}` });
    else choice.ram = match;
  }
  if (iface) {
    const lower = iface.toLowerCase() as GpuInterface;
    if (!gpu.interfaces.includes(lower)) problems.push({ field: "--gpu", found: `${gpu.model} over ${iface}`, expected: `${gpu.model} comes as ${gpu.interfaces.join(" or ")}` });
    else choice.interface = lower;
  }
  return choice;
}
