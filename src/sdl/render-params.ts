/**
 * The typed, validated parameters of `sdl render`. Every value that ends up in a container's command line is
 * checked against a strict pattern here, so nothing a user types can become shell syntax in the SDL.
 */
import { InvalidInputError, type InputProblem } from "../errors/invalid-input.js";
import type { Secret } from "../config/secret.js";
import { findGpu, suggestGpuModels, knownGpuModels, type GpuInterface } from "./gpu-catalog.js";
import { RUNTIMES, VLLM_DTYPES, VLLM_QUANTIZATIONS } from "./choices.js";
import { isSize } from "./sizes.js";
import { boolean, checkFields, list, number, oneOf, optional, refined, text, withDefault, type Checked } from "../validation/fields.js";

export type GpuChoice = { model: string; ram?: string; interface?: GpuInterface };

/** The auditor Akash itself runs; `--audited` restricts bids to providers it signed. */
export const AKASH_AUDITOR = "akash1365yvmc4s7awdyj3n2sav7xfx76adc6dnmlx63";


const UNSAFE = "contains characters that are unsafe in a container command line (quotes, $(, backticks, spaces, newlines, ;, |, &)";
const safe = (pattern: RegExp, expected: string) => text(pattern, `${expected}; ${UNSAFE} are refused`);
const DECIMAL = /^\d+(\.\d+)?$/;
const decimal = (expected = "a decimal number above 0, such as 2 or 1.5") => refined(text(DECIMAL, expected), (v) => Number(v) > 0, expected);
const size = refined(text(/^.+$/, "a size such as 32Gi or 500Mi"), isSize, "a size such as 32Gi or 500Mi");

const shape = {
  runtime: oneOf(RUNTIMES),
  model: safe(/^[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/, "a Hugging Face repository id such as Qwen/Qwen3-8B"),
  servedModelName: optional(safe(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/, "a name of letters, digits and . _ : / -")),
  gpus: list(text(/^.+$/, "a GPU model"), "at least one GPU model, e.g. --gpu h100", 1),
  gpuCount: number({ min: 1, max: 24, integer: true }, "a whole number from 1 to 24 (the chain's limit per unit)"),
  cpu: optional(number({ min: 0.01, max: 384 }, "0.01 to 384 cores")),
  memory: optional(size),
  storage: optional(size),
  modelCache: optional(size),
  maxUsdPerHour: optional(decimal()),
  maxUactPerBlock: optional(refined(decimal(), (v) => Number(v) <= 10_000_000, "at most 10000000 uact per block (the chain's limit)")),
  region: optional(safe(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, "a region name such as us-west")),
  attributes: withDefault(list(safe(/^[a-zA-Z][\w/.-]{1,126}=[A-Za-z0-9._:/-]{1,64}$/, "key=value, e.g. tier=community"), "key=value pairs"), []),
  signedBy: withDefault(list(safe(/^akash1[02-9ac-hj-np-z]{38}$/, "an akash1… auditor address"), "auditor addresses"), []),
  audited: withDefault(boolean, false),
  reclamationMinWindow: optional(text(/^[1-9][0-9]*(s|m|h)$/, "a whole number of s, m or h, e.g. 24h")),
  contextLength: optional(number({ min: 256, max: 10_000_000, integer: true }, "a whole number of tokens from 256 to 10000000")),
  gpuMemoryUtilization: optional(number({ above: 0, max: 1 }, "a fraction above 0 and at most 1, e.g. 0.9")),
  dtype: optional(oneOf(VLLM_DTYPES)),
  quantization: optional(oneOf(VLLM_QUANTIZATIONS)),
  quant: optional(safe(/^(UD-)?(I?Q\d+(_[A-Za-z0-9]+)*|F16|BF16|F32)$/i, "a GGUF quantisation such as Q4_K_M or Q8_0")),
  ggufFile: optional(safe(/^[A-Za-z0-9][A-Za-z0-9._/-]*\.gguf$/, "a .gguf file in the repository, e.g. qwen3-8b-q4_k_m.gguf")),
  parallel: optional(number({ min: 1, max: 256, integer: true }, "a whole number of slots from 1 to 256")),
  image: optional(safe(/^[a-z0-9][a-z0-9._/-]*(:[A-Za-z0-9._-]+)?(@sha256:[a-f0-9]{64})?$/, "a container image such as vllm/vllm-openai:v0.11.0")),
  paramsB: optional(number({ above: 0, max: 100_000 }, "billions of parameters above 0, e.g. 8")),
  precision: optional(text(/^[a-z0-9_-]+$/i, "a precision such as bf16, fp8 or q4_k_m")),
  trustRemoteCode: withDefault(boolean, false),
};

type Parsed = Checked<typeof shape>;
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
  const result = checkFields(raw, shape);
  if (!result.ok) {
    for (const { key, expected } of result.problems) problems.push({ field: flagOf(key), found: raw[key] === undefined ? "nothing" : JSON.stringify(raw[key]), expected });
    throw new InvalidInputError("Invalid render parameters", problems);
  }
  const params = result.value;
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
