/**
 * The manifest a tenant PUTs: a JSON array of akash.manifest.v2beta3 groups, as chain-sdk's manifestToSortedJSON
 * writes it. Only the fields the simulated cluster uses are typed; the version hash covers the whole document.
 */
import { createHash } from "node:crypto";
import { z } from "zod";

const resourceValue = z.object({ val: z.string().regex(/^\d+$/) });
const attributes = z.array(z.object({ key: z.string(), value: z.string() })).nullish();

const exposeSchema = z.object({
  port: z.number().int().min(1).max(65535),
  /** 0 means "same as port". */
  externalPort: z.number().int().min(0).max(65535),
  proto: z.enum(["TCP", "UDP"]),
  /** Target service for service-to-service exposure; "" when exposed to the world or the whole group. */
  service: z.string(),
  global: z.boolean(),
  hosts: z.array(z.string()).nullable(),
});

const serviceSchema = z.object({
  name: z.string().min(1),
  image: z.string().min(1),
  command: z.array(z.string()).nullable(),
  args: z.array(z.string()).nullable(),
  env: z.array(z.string()).nullable(),
  count: z.number().int().min(0),
  expose: z.array(exposeSchema).nullable(),
  resources: z.object({
    cpu: z.object({ units: resourceValue }),
    memory: z.object({ size: resourceValue }),
    storage: z.array(z.object({ name: z.string(), size: resourceValue, attributes })).nullable(),
    gpu: z.object({ units: resourceValue, attributes }).nullish(),
  }),
});

const groupSchema = z.object({ name: z.string().min(1), services: z.array(serviceSchema) });
const manifestSchema = z.array(groupSchema);

export type ManifestExpose = z.infer<typeof exposeSchema>;
export type ManifestService = z.infer<typeof serviceSchema>;
export type ManifestGroup = z.infer<typeof groupSchema>;

export type ParsedManifest = { ok: true; groups: ManifestGroup[]; version: Uint8Array } | { ok: false; error: string };

/**
 * Decode the body, check its shape, and compute its version the way the chain's Deployment.hash was computed
 * (chain-sdk generateManifestVersion = sha256 of manifestToSortedJSON): sha256(escapeHtml(stableStringify(JSON.parse(body)))),
 * which reproduces the body byte for byte (chain-sdk-wire.md §4.2).
 */
export function parseManifest(body: string): ParsedManifest {
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
  const shape = manifestSchema.safeParse(document);
  if (!shape.success) return { ok: false, error: `invalid manifest: ${z.prettifyError(shape.error)}` };
  const sortedJson = escapeHtml(stableStringify(document));
  return { ok: true, groups: shape.data, version: createHash("sha256").update(sortedJson).digest() };
}

/** The exposure's port as seen from outside: Go's ServiceExpose.GetExternalPort. */
export function externalPort(expose: ManifestExpose): number {
  return expose.externalPort === 0 ? expose.port : expose.externalPort;
}

/** Go's ServiceExpose.IsIngress: global HTTP on port 80 goes through the provider's ingress (hostnames, `uris`). */
export function isIngress(expose: ManifestExpose): boolean {
  return expose.global && expose.proto === "TCP" && externalPort(expose) === 80;
}

/** Any other global exposure is a NodePort: reported in the lease status's `forwarded_ports`. */
export function isForwardedPort(expose: ManifestExpose): boolean {
  return expose.global && !isIngress(expose);
}

/** json-stable-stringify on parsed JSON: object keys sorted by UTF-16 code units, no whitespace. */
function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableStringify(item)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** chain-sdk's escapeHtml, as Go's encoder escapes these three. */
function escapeHtml(json: string): string {
  return json.replace(/[<>&]/g, (ch) => `\\u00${ch.charCodeAt(0).toString(16)}`);
}
