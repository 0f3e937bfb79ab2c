/**
 * Readiness: a lease is ready when the provider reports every replica of every service available and the
 * inference endpoint answers its health and model probes with the API key. The chain is read along the way,
 * so a lease the provider closed (or is reclaiming) ends the wait at once instead of at the timeout.
 */
import { listLeases } from "../chain/queries/index.js";
import { AkashGpuError } from "../errors/base.js";
import { probeInference } from "../health/probe.js";
import type { DeployRun } from "./deploy-run.js";
import { endpointOf, exposedServices } from "./endpoint.js";

const POLL_MS = 500;
/** Read the leases' state on chain every this many polls. */
const CHAIN_EVERY = 6;

export async function waitUntilReady(run: DeployRun, timeoutMs: number): Promise<Map<number, string>> {
  const deadline = Date.now() + timeoutMs;
  const exposed = exposedServices(run.request.analysis.manifestJson);
  const endpoints = new Map<number, string>();
  const last = new Map<number, string>();
  for (let poll = 0; ; poll++) {
    for (const [gseq, lease] of run.leases) {
      if (endpoints.has(gseq)) continue;
      const name = (await run.providerInfo(lease.id.provider))?.attributes.organization ?? lease.id.provider;
      let detail: string;
      try {
        const client = await run.deps.providers(lease.id.provider);
        const status = await client.leaseStatus({ dseq: lease.id.dseq, gseq, oseq: lease.id.oseq });
        const services = Object.values(status.services);
        const waiting = services.filter((s) => s.total === 0 || s.available < s.total);
        const url = endpointOf(status, exposed);
        if (services.length === 0 || waiting.length > 0) detail = `${name}: ${services.map((s) => `${s.name} ${s.available}/${s.total}`).join(", ") || "no services yet"}`;
        else if (!url) detail = `${name}: no exposed endpoint in the lease status`;
        else {
          const probe = await probeInference(url, run.request.probe);
          if (probe.ready) endpoints.set(gseq, url);
          detail = `${name}: ${url} ${probe.detail}`;
        }
      } catch (error) {
        detail = `${name}: ${(error as Error).message.split("\n")[0]}`;
      }
      if (last.get(gseq) !== detail) run.emit("ready", "progress", detail);
      last.set(gseq, detail);
    }
    if (endpoints.size === run.leases.size) return endpoints;
    if (poll % CHAIN_EVERY === CHAIN_EVERY - 1) await checkLeasesOpen(run);
    if (Date.now() > deadline) {
      throw new AkashGpuError(`Deployment ${run.dseq} did not become ready within ${Math.round(timeoutMs / 1000)} s`, {
        metaMessages: [...last.values()].map((line) => `last seen: ${line}`).concat("Large models can take long to download: raise --ready-timeout, or look at `akash-gpu logs <dseq>`."),
      });
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function checkLeasesOpen(run: DeployRun): Promise<void> {
  const leases = await listLeases(run.deps.chain.sdk, { owner: run.deps.chain.address, dseq: run.dseq });
  for (const lease of leases) {
    if (!run.leases.has(lease.id.gseq) || run.leases.get(lease.id.gseq)!.id.provider !== lease.id.provider) continue;
    if (lease.state === "closed" || lease.state === "insufficient_funds") {
      throw new AkashGpuError(`The lease on ${lease.id.provider} was closed (${lease.state}) before it became ready`, {
        metaMessages: ["A provider closes a lease whose manifest did not arrive within five minutes, or whose workload failed; see `akash-gpu events <dseq>`."],
      });
    }
  }
}
