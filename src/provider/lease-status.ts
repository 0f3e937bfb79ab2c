/**
 * A lease's status as the provider reports it (GET /lease/{dseq}/{gseq}/{oseq}/status; chain-sdk
 * go/provider/client LeaseStatus), in this tool's names: camelCase, no Kubernetes bookkeeping, no nulls.
 *
 * Go writes nil maps and slices as null (a lease without global ports has "forwarded_ports": null, a service
 * without ingress has "uris": null), so every collection here may be null on the wire.
 */
import { z } from "zod";

export type ServiceStatus = {
  name: string;
  /** Replicas available now (Kubernetes availableReplicas): what serves traffic. */
  available: number;
  /** Replicas the manifest asks for. */
  total: number;
  /** Replicas whose readiness probe passes. */
  ready: number;
  /** Ingress hostnames (services exposed globally on port 80). */
  uris: string[];
};

/** A global non-ingress port: reachable at host:externalPort, forwarded to the container's `port`. */
export type ForwardedPort = { host: string; port: number; externalPort: number; proto: string };

export type LeaseStatus = {
  services: Record<string, ServiceStatus>;
  forwardedPorts: Record<string, ForwardedPort[]>;
};

const count = z.number().int().min(0);

const serviceSchema = z.object({
  name: z.string().nullish(),
  available: count,
  total: count,
  uris: z.array(z.string()).nullish(),
  ready_replicas: count.nullish(),
});

const forwardedPortSchema = z.object({
  host: z.string(),
  port: z.number().int(),
  externalPort: z.number().int(),
  proto: z.string(),
});

const leaseStatusSchema = z.object({
  services: z.record(z.string(), serviceSchema.nullable()).nullish(),
  forwarded_ports: z.record(z.string(), z.array(forwardedPortSchema).nullable()).nullish(),
});

/** The normalised status, or the schema problem (for the error) when the reply is not a LeaseStatus. */
export function parseLeaseStatus(json: unknown): { ok: true; status: LeaseStatus } | { ok: false; problem: string } {
  const parsed = leaseStatusSchema.safeParse(json);
  if (!parsed.success) return { ok: false, problem: z.prettifyError(parsed.error).split("\n").slice(0, 4).join("; ") };
  const services: Record<string, ServiceStatus> = {};
  for (const [key, service] of Object.entries(parsed.data.services ?? {})) {
    if (service === null) continue;
    services[key] = {
      name: service.name || key,
      available: service.available,
      total: service.total,
      // Older providers do not report replica details; then readiness is what is available.
      ready: service.ready_replicas ?? service.available,
      uris: service.uris ?? [],
    };
  }
  const forwardedPorts: Record<string, ForwardedPort[]> = {};
  for (const [key, ports] of Object.entries(parsed.data.forwarded_ports ?? {})) {
    forwardedPorts[key] = (ports ?? []).map(({ host, port, externalPort, proto }) => ({ host, port, externalPort, proto }));
  }
  return { ok: true, status: { services, forwardedPorts } };
}
