/**
 * Shared by the SDL fixture tests: reading test/fixtures/, running analyzeSdl, and running chain-sdk on its own
 * (js-yaml load + generateManifest, exactly what chain-sdk's own tests do) to have a reference to compare with.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { generateManifest, generateManifestVersion, manifestToSortedJSON } from "@akashnetwork/chain-sdk";
import jsYaml from "js-yaml";
import { Dec } from "../../src/costs/decimal.js";
import { analyzeSdl, type SdlAnalysis } from "../../src/sdl/analyze.js";
import type { SdlIssue } from "../../src/sdl/issues.js";

const FIXTURES = fileURLToPath(new URL("../fixtures/", import.meta.url));

export const readFixture = (path: string): string => readFileSync(FIXTURES + path, "utf8");

/** Sorted names in a fixture folder: files matching `pattern`, or sub-folders when `pattern` is "dirs". */
export function listFixtures(dir: string, pattern: RegExp | "dirs" = /\.ya?ml$/): string[] {
  const entries = readdirSync(FIXTURES + dir, { withFileTypes: true });
  const wanted = pattern === "dirs" ? entries.filter((e) => e.isDirectory()) : entries.filter((e) => e.isFile() && pattern.test(e.name));
  return wanted.map((e) => e.name).sort();
}

export const analyze = (text: string): Promise<SdlAnalysis> => analyzeSdl(text, { blockTimeMs: 6000, actUsd: Dec.parse("1") });

type Generated = Extract<ReturnType<typeof generateManifest>, { ok: true }>["value"];
export type ChainSdkResult =
  | { ok: true; json: string; version: string; groupSpecs: Generated["groupSpecs"] }
  | { ok: false; errors: { instancePath: string; message: string; params?: Record<string, unknown> }[] };

/** What chain-sdk 1.0.0-alpha.25 alone makes of an SDL (text, or an already loaded object). */
export async function chainSdk(sdl: string | object): Promise<ChainSdkResult> {
  const data = typeof sdl === "string" ? jsYaml.load(sdl) : sdl;
  const generated = generateManifest(data as Parameters<typeof generateManifest>[0], "mainnet");
  if (!generated.ok) return { ok: false, errors: generated.value.map(({ instancePath, message, params }) => ({ instancePath, message: message ?? "", params })) };
  const { groups, groupSpecs } = generated.value;
  return { ok: true, json: manifestToSortedJSON(groups), version: hex(await generateManifestVersion(groups)), groupSpecs };
}

export function accepted(result: ChainSdkResult): Extract<ChainSdkResult, { ok: true }> {
  if (!result.ok) throw new Error(`chain-sdk rejected the SDL: ${JSON.stringify(result.errors)}`);
  return result;
}

export function valid(analysis: SdlAnalysis): Extract<SdlAnalysis, { valid: true }> {
  if (!analysis.valid) throw new Error(`analyzeSdl refused the SDL: ${JSON.stringify(analysis.errors)}`);
  return analysis;
}

export function refused(analysis: SdlAnalysis): SdlIssue[] {
  if (analysis.valid) throw new Error(`analyzeSdl accepted the SDL (manifest version ${analysis.manifestVersion})`);
  return analysis.errors;
}

/** The sorted error paths of a refused analysis. */
export const errorPaths = (analysis: SdlAnalysis): string[] => refused(analysis).map((e) => e.path).sort();

/**
 * The same SDL priced in uact. Pricing lives in the group specs, not in the manifest, so the manifest and its
 * version do not change; this lets fixtures priced in uakt / IBC USDC (which akash-gpu refuses) be checked too.
 */
export const toUact = (text: string): string => text.replace(/denom: *(uakt|ibc\/\S+)/g, "denom: uact");

export const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");
export const sha256Hex = (text: string): string => createHash("sha256").update(text).digest("hex");
