/**
 * Renders an SDL from a template in sdl-templates/ and typed parameters. The template is edited as a YAML
 * document (values set by path, never pasted into text), so its comments survive and no parameter can
 * change the document's structure.
 */
import { randomBytes } from "node:crypto";
import { parseDocument, type Document, YAMLSeq } from "yaml";
import { Secret } from "../config/secret.js";
import { Dec } from "../costs/decimal.js";
import { formatUsd } from "../costs/format.js";
import { uactPerBlockToUsdPerHour, usdPerHourToUactPerBlock, type PriceContext } from "../costs/price.js";
import { readPackageFile } from "../package-files.js";
import { findGpu } from "./gpu-catalog.js";
import { modelSize, type ModelSize } from "./model-size.js";
import { AKASH_AUDITOR, type GpuChoice, type RenderParams } from "./render-params.js";
import { llamaCpp } from "./runtimes/llama-cpp.js";
import type { RuntimeSpec } from "./runtimes/runtime.js";
import { vllm } from "./runtimes/vllm.js";
import { checkSizing, type SizingResult } from "./sizing.js";

export const RUNTIME_SPECS: Record<RenderParams["runtime"], RuntimeSpec> = { vllm, "llama-cpp": llamaCpp };
export const PLACEMENT = "akash";

export type RenderedSdl = {
  yaml: string;
  /** The inference API key the server will require; given or generated. Never print it unless asked. */
  apiKey: Secret;
  pricePerBlock: { denom: "uact"; amount: string };
  usdPerHour: Dec;
  /** Undefined when the model's size is unknown (no sizing check was possible). */
  model: ModelSize | undefined;
  sizing: SizingResult | undefined;
  /** Decisions the renderer made for the user (defaults chosen, sizes pinned), for stderr. */
  notes: string[];
};

export function renderSdl(params: RenderParams, price: PriceContext): RenderedSdl {
  const spec = RUNTIME_SPECS[params.runtime];
  const notes: string[] = [];
  const size = modelSize(params.model, { paramsB: params.paramsB, precision: params.precision ?? spec.precision(params) });
  let gpus = params.gpus;
  let sizing: SizingResult | undefined;
  if (size) {
    sizing = checkSizing(size, gpus, params.gpuCount, spec.usableFraction(params));
    gpus = sizing.gpus;
    for (const [i, gpu] of gpus.entries()) {
      if (gpu.ram && !params.gpus[i]!.ram) notes.push(`pinned ${gpu.model} to ${gpu.ram}: the smaller size cannot hold the model`);
    }
  } else {
    notes.push(`sizing check skipped: the parameter count of ${params.model} is unknown (give --params-b to check it)`);
  }

  const defaults = spec.defaults(params.gpuCount, sizing?.weightsGiB ?? 0);
  const apiKey = params.apiKey ?? new Secret(`sk-ag-${randomBytes(24).toString("base64url")}`);
  const servedModelName = params.servedModelName ?? params.model;
  const pricePerBlock = priceCeiling(params, gpus, price, notes);

  const doc = parseDocument(readPackageFile(`sdl-templates/${spec.template}`));
  const service = ["services", spec.service];
  const resources = ["profiles", "compute", spec.service, "resources"];
  if (params.image) doc.setIn([...service, "image"], params.image);
  doc.setIn([...service, "args"], doc.createNode(spec.args(params, servedModelName)));
  appendEnv(doc, [...service, "env"], [`${spec.apiKeyEnv}=${apiKey.reveal()}`, ...(params.hfToken ? [`HF_TOKEN=${params.hfToken.reveal()}`] : [])]);
  doc.setIn([...resources, "cpu", "units"], params.cpu ?? defaults.cpu);
  doc.setIn([...resources, "memory", "size"], params.memory ?? `${defaults.memoryGiB}Gi`);
  setStorage(doc, resources, undefined, params.storage ?? `${defaults.storageGiB}Gi`);
  setStorage(doc, resources, "model-cache", params.modelCache ?? `${defaults.modelCacheGiB}Gi`);
  setStorage(doc, resources, "shm", `${defaults.shmGiB}Gi`);
  doc.setIn([...resources, "gpu", "units"], params.gpuCount);
  doc.setIn([...resources, "gpu", "attributes", "vendor", "nvidia"], doc.createNode(gpus.map(gpuAttribute)));

  const placement = ["profiles", "placement", PLACEMENT];
  // Whole amounts as YAML numbers, fractional ones as exact strings.
  const amount = pricePerBlock.toString();
  doc.setIn([...placement, "pricing", spec.service, "amount"], amount.includes(".") ? amount : Number(amount));
  const attributes = placementAttributes(params);
  if (Object.keys(attributes).length > 0) doc.setIn([...placement, "attributes"], doc.createNode(attributes));
  const auditors = [...params.signedBy, ...(params.audited ? [AKASH_AUDITOR] : [])];
  if (auditors.length > 0) doc.setIn([...placement, "signedBy", "anyOf"], doc.createNode([...new Set(auditors)]));
  if (params.reclamationMinWindow) doc.set("reclamation", doc.createNode({ min_window: params.reclamationMinWindow }));

  return {
    yaml: doc.toString({ lineWidth: 0 }),
    apiKey,
    pricePerBlock: { denom: "uact", amount: pricePerBlock.toString() },
    usdPerHour: uactPerBlockToUsdPerHour(pricePerBlock, price),
    model: size,
    sizing,
    notes,
  };
}

function priceCeiling(params: RenderParams, gpus: GpuChoice[], price: PriceContext, notes: string[]): Dec {
  if (params.maxUactPerBlock) return Dec.parse(params.maxUactPerBlock);
  if (params.maxUsdPerHour) return usdPerHourToUactPerBlock(Dec.parse(params.maxUsdPerHour), price);
  // No ceiling given: the highest default per-GPU price among the accepted models, times the GPU count.
  const perGpu = gpus.map((gpu) => Dec.parse(findGpu(gpu.model)?.defaultMaxUsdPerGpuHour ?? "1")).reduce((a, b) => (a.cmp(b) >= 0 ? a : b));
  const usdPerHour = perGpu.mul(params.gpuCount);
  notes.push(`price ceiling: ${formatUsd(usdPerHour)}/h (default for ${gpus.map((g) => g.model).join("/")} x ${params.gpuCount}; set --max-usd-per-hour)`);
  return usdPerHourToUactPerBlock(usdPerHour, price);
}

function gpuAttribute(gpu: GpuChoice): Record<string, string> {
  return { model: gpu.model, ...(gpu.ram ? { ram: gpu.ram } : {}), ...(gpu.interface ? { interface: gpu.interface } : {}) };
}

function placementAttributes(params: RenderParams): Record<string, string> {
  const attributes: Record<string, string> = {};
  if (params.region) attributes.region = params.region;
  for (const pair of params.attributes) {
    const at = pair.indexOf("=");
    attributes[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return attributes;
}

function appendEnv(doc: Document, path: string[], entries: string[]): void {
  const env = doc.getIn(path);
  if (!(env instanceof YAMLSeq)) throw new Error(`template has no env list at ${path.join(".")}`);
  for (const entry of entries) env.add(doc.createNode(entry));
}

/** Sets the size of the named storage volume (undefined: the unnamed root volume). */
function setStorage(doc: Document, resources: string[], name: string | undefined, size: string): void {
  const storage = doc.getIn([...resources, "storage"]);
  if (!(storage instanceof YAMLSeq)) throw new Error("template storage must be a list");
  const index = storage.items.findIndex((item) => (item as { get(key: string): unknown }).get("name") === name);
  if (index < 0) throw new Error(`template has no storage volume ${name ?? "(root)"}`);
  doc.setIn([...resources, "storage", index, "size"], size);
}
