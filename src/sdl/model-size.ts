/**
 * How big a model is: its parameter count and the precision its weights are served in. From the user
 * (--params-b, --precision), else the built-in table (data/models.json), else the size written in the repo
 * name ("Qwen3-8B" → 8). Quantised repackagings (-GGUF, -AWQ, -FP8, …) resolve to their base model.
 */
import { readPackageJson } from "../package-files.js";

/** Bits per weight, including the scales that quantisation formats store beside the weights. */
export const BITS_PER_WEIGHT: Record<string, number> = {
  fp32: 32, float32: 32, f32: 32,
  bf16: 16, bfloat16: 16, fp16: 16, float16: 16, half: 16, f16: 16, auto: 16,
  fp8: 8.1, int8: 8.1, "compressed-tensors": 8.1, modelopt: 8.1,
  awq: 4.25, gptq: 4.25, int4: 4.25, mxfp4: 4.25, bitsandbytes: 4.5,
  // GGUF quantisation types (llama.cpp), average bits per weight.
  q8_0: 8.5, q6_k: 6.56, q5_k_m: 5.69, q5_k_s: 5.54, q5_0: 5.5, q5_1: 6.0,
  q4_k_m: 4.85, q4_k_s: 4.58, q4_0: 4.55, q4_1: 5.0, iq4_xs: 4.25, iq4_nl: 4.5,
  q3_k_l: 4.27, q3_k_m: 3.91, q3_k_s: 3.5, iq3_m: 3.7, iq3_xxs: 3.06, q2_k: 3.35, iq2_m: 2.7, iq2_xxs: 2.06,
};

const QUANT_SUFFIXES: [RegExp, string | undefined][] = [
  [/-gguf$/, undefined],
  [/-fp8(-dynamic)?$/, "fp8"],
  [/-awq$/, "awq"],
  [/-gptq-int4$/, "gptq"],
  [/-gptq-int8$/, "int8"],
  [/-int4$/, "int4"],
  [/-int8$/, "int8"],
  [/-bnb-4bit$/, "bitsandbytes"],
];

export type ModelSize = {
  paramsB: number;
  precision: string;
  bitsPerWeight: number;
  /** Where the parameter count came from, for messages. */
  source: "given" | "built-in table" | "model name";
};

type TableEntry = { paramsB: number; precision: string };
let table: Record<string, TableEntry> | undefined;

function lookup(name: string): TableEntry | undefined {
  table ??= readPackageJson<{ models: Record<string, TableEntry> }>("data/models.json").models;
  return table[name] ?? table[`${name}-instruct`] ?? table[name.replace(/-instruct$/, "")];
}

/**
 * The size of `modelId`, or undefined when neither the user, the table nor the name tells it.
 * `precision` is what the server will load: a GGUF quant, a vLLM --quantization, or a dtype.
 */
export function modelSize(modelId: string, override: { paramsB?: number; precision?: string }): ModelSize | undefined {
  let name = modelId.split("/").pop()!.toLowerCase();
  let precisionFromName: string | undefined;
  for (const [suffix, precision] of QUANT_SUFFIXES) {
    if (suffix.test(name)) {
      name = name.replace(suffix, "");
      precisionFromName ??= precision;
    }
  }
  const entry = lookup(name);
  const paramsB = override.paramsB ?? entry?.paramsB ?? paramsFromName(name);
  if (paramsB === undefined) return undefined;
  const precision = (override.precision ?? precisionFromName ?? entry?.precision ?? "bf16").toLowerCase();
  const bitsPerWeight = BITS_PER_WEIGHT[precision] ?? bitsOfOtherQuant(precision) ?? 16;
  const source = override.paramsB !== undefined ? "given" : entry ? "built-in table" : "model name";
  return { paramsB, precision, bitsPerWeight, source };
}

/** "llama-3.1-405b" → 405, "mixtral-8x7b" → 56, "qwen3-30b-a3b" → 30 (total, not active, parameters). */
function paramsFromName(name: string): number | undefined {
  const experts = /(\d+)x(\d+(?:\.\d+)?)b(?![a-z0-9])/.exec(name);
  if (experts) return Number(experts[1]) * Number(experts[2]);
  const plain = /(?:^|[-_.])(\d+(?:\.\d+)?)b(?![a-z0-9])/.exec(name);
  return plain ? Number(plain[1]) : undefined;
}

/** GGUF quants not in the table ("q4_k_xl", "iq1_s"): about their nominal bits plus scales. */
function bitsOfOtherQuant(precision: string): number | undefined {
  const match = /^i?q(\d+)/.exec(precision);
  return match ? Number(match[1]) + 0.85 : undefined;
}

/** GiB of GPU memory the weights take. */
export function weightsGiB(size: ModelSize): number {
  return (size.paramsB * 1e9 * size.bitsPerWeight) / 8 / 2 ** 30;
}
