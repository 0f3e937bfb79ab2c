import jsYaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { analyzeSdl } from "../../src/sdl/analyze.js";
import { renderSdl } from "../../src/sdl/render.js";
import { MAINNET_PRICE, params } from "./helpers.js";

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A valid rendered SDL, changed by `edit`, then analysed. */
async function analyzeEdited(edit: (doc: Doc) => void) {
  const doc = jsYaml.load(renderSdl(params({ runtime: "vllm", model: "Qwen/Qwen3-8B", gpus: ["h100"], maxUsdPerHour: "2" }), MAINNET_PRICE).yaml) as Doc;
  edit(doc);
  return analyzeSdl(jsYaml.dump(doc), MAINNET_PRICE);
}

const resources = (doc: Doc) => doc.profiles.compute.vllm.resources;

describe("SDL validation beyond chain-sdk", () => {
  it("refuses uakt pricing with the reason and the fix", async () => {
    const analysis = await analyzeEdited((doc) => (doc.profiles.placement.akash.pricing.vllm.denom = "uakt"));
    expect(analysis.valid).toBe(false);
    expect(analysis.errors).toEqual([
      expect.objectContaining({
        path: "profiles.placement.akash.pricing.vllm.denom",
        message: "uakt pricing is refused: since 2026-03-23 (Mainnet 17) new deployments are priced and deposited in ACT only",
        fix: expect.stringMatching(/^set denom: uact/),
        line: expect.any(Number),
      }),
    ]);
  });

  it("refuses USDC pricing", async () => {
    const analysis = await analyzeEdited((doc) => (doc.profiles.placement.akash.pricing.vllm.denom = "ibc/170C677610AC31DF0904FFE09CD3B5C657492170E7E52372E48756B71E56F2F1"));
    expect(analysis.errors[0]!.message).toMatch(/^USDC \(IBC\) pricing is refused/);
  });

  it("requires nvidia attributes for GPU units and known model names", async () => {
    const missing = await analyzeEdited((doc) => delete resources(doc).gpu.attributes);
    expect(missing.errors[0]).toMatchObject({ path: "profiles.compute.vllm.resources.gpu.attributes", message: "1 GPU(s) requested without nvidia attributes" });
    const unknown = await analyzeEdited((doc) => (resources(doc).gpu.attributes.vendor.nvidia = [{ model: "h1000" }]));
    expect(unknown.errors[0]).toMatchObject({ path: "profiles.compute.vllm.resources.gpu.attributes.vendor.nvidia.0.model", message: 'unknown GPU model "h1000"' });
    const alias = await analyzeEdited((doc) => (resources(doc).gpu.attributes.vendor.nvidia = [{ model: "a6000" }]));
    expect(alias.errors[0]!.fix).toBe("use the name providers advertise: rtxa6000");
  });

  it("enforces the chain's limits", async () => {
    const analysis = await analyzeEdited((doc) => {
      resources(doc).gpu.units = 25;
      resources(doc).cpu.units = 400;
      resources(doc).memory.size = "3Ti";
      doc.deployment.vllm.akash.count = 51;
      doc.profiles.placement.akash.pricing.vllm.amount = 10_000_001;
    });
    expect(analysis.errors.map((e) => e.path)).toEqual(
      expect.arrayContaining([
        "profiles.compute.vllm.resources.gpu.units",
        "profiles.compute.vllm.resources.cpu.units",
        "profiles.compute.vllm.resources.memory.size",
        "deployment.vllm.akash.count",
        "profiles.placement.akash.pricing.vllm.amount",
      ]),
    );
  });

  it("warns when the inference port goes through the 60 s HTTP ingress, and when nothing is exposed", async () => {
    const ingress = await analyzeEdited((doc) => (doc.services.vllm.expose[0].as = 80));
    expect(ingress.valid).toBe(true);
    expect(ingress.warnings[0]).toMatchObject({ path: "services.vllm.expose.0", fix: "expose it as itself: as: 8000" });
    const hidden = await analyzeEdited((doc) => (doc.services.vllm.expose[0].to = [{ service: "other" }]));
    expect(hidden.warnings.map((w) => w.path)).toContain("services.vllm.expose");
  });

  it("turns chain-sdk's schema errors into YAML paths with a fix", async () => {
    const analysis = await analyzeEdited((doc) => (doc.services.vllm.volumes = ["a:/b"]));
    expect(analysis.errors).toContainEqual(expect.objectContaining({ path: "services.vllm.volumes", fix: 'remove "volumes" or check its spelling and indentation' }));
    const missing = await analyzeEdited((doc) => delete doc.profiles.placement.akash.pricing);
    expect(missing.valid).toBe(false);
    expect(missing.errors.some((e) => e.path.startsWith("profiles.placement.akash"))).toBe(true);
  });

  it("checks the reclamation window", async () => {
    const analysis = await analyzeEdited((doc) => (doc.reclamation = { min_window: "1d" }));
    expect(analysis.errors).toEqual([expect.objectContaining({ path: "reclamation.min_window" })]);
  });

  it("reports YAML syntax errors with their line", async () => {
    const analysis = await analyzeSdl("version: '2.0'\nservices:\n  web: [\n", MAINNET_PRICE);
    expect(analysis.valid).toBe(false);
    expect(analysis.errors[0]).toMatchObject({ path: "(document)", line: 4 });
    expect((await analyzeSdl("- a\n- b\n", MAINNET_PRICE)).errors[0]!.message).toBe("the SDL is not a YAML mapping");
  });

  it("summarises a valid SDL: groups, GPUs, price per block and per hour", async () => {
    const analysis = await analyzeEdited(() => undefined);
    if (!analysis.valid) throw new Error("expected valid");
    expect(analysis.manifestVersion).toMatch(/^[0-9a-f]{64}$/);
    expect(analysis.summary.gpus).toBe(1);
    expect(analysis.summary.pricePerBlock).toEqual({ denom: "uact", amount: "3333.333333" });
    expect(analysis.summary.usdPerHour!.toString()).toBe("1.9999999998");
    expect(analysis.summary.groups[0]!.resources[0]!.gpu.models).toEqual([{ vendor: "nvidia", model: "h100" }]);
  });
});
