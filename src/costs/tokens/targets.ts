/**
 * Where to read each open lease's metrics: the endpoint from the provider's lease status (a forwarded port,
 * else the first ingress URI), or — when the provider cannot be asked — the endpoint the deploy journal
 * recorded when the lease became ready. The API key (llama.cpp guards /metrics with it) comes from the deploy
 * journal's plan, which only the machine that deployed has; it stays a Secret.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Lease } from "../../chain/types.js";
import { Secret } from "../../config/secret.js";
import { Journal } from "../../engine/journal.js";
import type { LeaseRef, LeaseStatus } from "../../engine/ports.js";
import { leaseKey } from "../spend/rows.js";

export type MetricsTarget = {
  /** The lease id "owner/dseq/gseq/oseq/provider". */
  lease: string;
  endpoint: string;
  apiKey?: Secret;
  /** Where the endpoint came from. */
  source: "lease-status" | "journal";
};

export interface LeaseStatusSource {
  leaseStatus(lease: LeaseRef): Promise<LeaseStatus>;
}

export type TargetDeps = {
  /** A provider's client (the CLI session's `providers`). */
  providers: (provider: string) => Promise<LeaseStatusSource>;
  stateDir: string;
  chainId: string;
};

export type TargetFailure = { lease: string; error: unknown };

/** Targets for the leases given (their endpoints looked up a few at a time); leases with no endpoint are failures. */
export async function metricsTargets(leases: readonly Lease[], deps: TargetDeps): Promise<{ targets: MetricsTarget[]; failures: TargetFailure[] }> {
  const targets: MetricsTarget[] = [];
  const failures: TargetFailure[] = [];
  for (let i = 0; i < leases.length; i += 8) {
    const batch = leases.slice(i, i + 8);
    const found = await Promise.all(batch.map((lease) => targetOf(lease, deps).catch((error: unknown) => ({ error }))));
    found.forEach((result, j) => ("error" in result ? failures.push({ lease: leaseKey(batch[j]!.id), error: result.error }) : targets.push(result)));
  }
  return { targets, failures };
}

async function targetOf(lease: Lease, deps: TargetDeps): Promise<MetricsTarget> {
  const journal = journalOf(deps, lease);
  const plan = journal?.last("plan");
  const apiKey = typeof plan?.apiKey === "string" && plan.apiKey ? new Secret(plan.apiKey) : undefined;
  const base = { lease: leaseKey(lease.id), ...(apiKey ? { apiKey } : {}) };
  let statusError: unknown;
  try {
    const client = await deps.providers(lease.id.provider);
    const endpoint = endpointFromStatus(await client.leaseStatus({ dseq: lease.id.dseq, gseq: lease.id.gseq, oseq: lease.id.oseq }));
    if (endpoint) return { ...base, endpoint, source: "lease-status" };
  } catch (error) {
    statusError = error;
  }
  const endpoints = journal?.last("ready")?.endpoints as Record<string, unknown> | undefined;
  const recorded = endpoints?.[String(lease.id.gseq)];
  if (typeof recorded === "string") return { ...base, endpoint: recorded, source: "journal" };
  throw statusError ?? new Error(`the provider shows no exposed port or URI for lease ${base.lease}`);
}

/** The first forwarded port (host:externalPort) of any service, else its first ingress URI. */
export function endpointFromStatus(status: LeaseStatus): string | undefined {
  for (const ports of Object.values(status.forwardedPorts)) {
    const port = ports.find((p) => p.proto.toUpperCase() !== "UDP") ?? ports[0];
    if (port) return `http://${port.host}:${port.externalPort}`;
  }
  for (const service of Object.values(status.services)) {
    const uri = service.uris[0];
    if (uri) return uri.startsWith("http") ? uri : `http://${uri}`;
  }
  return undefined;
}

/** The deployment's journal, if this machine deployed it (opened only when the file exists: nothing is created). */
function journalOf(deps: TargetDeps, lease: Lease): Journal | undefined {
  const file = join(Journal.directory(deps.stateDir, deps.chainId, lease.id.owner), `${lease.id.dseq}.jsonl`);
  return existsSync(file) ? Journal.open(deps.stateDir, deps.chainId, lease.id.owner, lease.id.dseq) : undefined;
}
