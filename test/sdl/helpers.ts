import { readFileSync } from "node:fs";
import { Secret } from "../../src/config/secret.js";
import { Dec } from "../../src/costs/decimal.js";
import { parseRenderParams, type RenderParams } from "../../src/sdl/render-params.js";

export const MAINNET_PRICE = { blockTimeMs: 6000, actUsd: Dec.parse("1") };
export const FIXED_API_KEY = "sk-test-fixed-key-0123456789abcdef";

/** Render parameters as the CLI would pass them, with a fixed API key so output is reproducible. */
export function params(raw: Record<string, unknown>): RenderParams {
  return parseRenderParams({ gpuCount: "1", ...raw }, { apiKey: new Secret(FIXED_API_KEY) });
}

/** Flags each server really has, from their argument parsers (test/fixtures/flags). */
export function knownFlags(file: "vllm-serve-flags.txt" | "llama-server-flags.txt"): Set<string> {
  const text = readFileSync(new URL(`../fixtures/flags/${file}`, import.meta.url), "utf8");
  return new Set(text.split("\n").map((line) => line.trim()).filter((line) => line.startsWith("-")));
}
