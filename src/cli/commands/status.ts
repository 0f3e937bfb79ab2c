/** `akash-gpu status <dseq>`: the deployment and its escrow on chain, each lease, and each provider's view of it. */
import { getDeployment, getProvider, listLeases } from "../../chain/queries/index.js";
import { AkashGpuError } from "../../errors/base.js";
import { onChain } from "../connect.js";
import type { CommandContext } from "../main.js";
import { parseDseq } from "./dseq.js";

export async function statusCommand(dseqText: string, options: { json?: boolean; output?: string }, globals: Record<string, unknown>, { io }: CommandContext): Promise<void> {
  const dseq = parseDseq(dseqText);
  await onChain(io, globals, options, async ({ config, output, mode, session }) => {
    const { chain } = session;
    const deployment = await getDeployment(chain.sdk, { owner: chain.address, dseq });
    if (!deployment) throw new AkashGpuError(`No deployment ${dseq} for ${chain.address} on ${config.network}`, { metaMessages: ["`akash-gpu list` shows this wallet's deployments."] });
    const leases = await listLeases(chain.sdk, { owner: chain.address, dseq });
    const views = await Promise.all(
      leases.map(async (lease) => {
        const name = (await getProvider(chain.sdk, lease.id.provider))?.attributes.organization;
        if (lease.state !== "active" && lease.state !== "reclaiming") return { lease, name, status: undefined, error: undefined };
        try {
          const client = await session.providers(lease.id.provider);
          return { lease, name, status: await client.leaseStatus({ dseq, gseq: lease.id.gseq, oseq: lease.id.oseq }), error: undefined };
        } catch (error) {
          return { lease, name, status: undefined, error: (error as Error).message.split("\n")[0] };
        }
      }),
    );
    const json = {
      dseq: dseq.toString(),
      state: deployment.state,
      createdAt: deployment.createdAt,
      groups: deployment.groups.map((g) => ({ gseq: g.gseq, name: g.name, state: g.state })),
      escrow: deployment.escrow ? { state: deployment.escrow.state, funds: { denom: deployment.escrow.funds.denom, amount: deployment.escrow.funds.amount.toString() }, settledAt: deployment.escrow.settledAt } : null,
      leases: views.map(({ lease, name, status, error }) => ({
        provider: lease.id.provider,
        providerName: name ?? null,
        gseq: lease.id.gseq,
        oseq: lease.id.oseq,
        state: lease.state,
        pricePerBlock: { denom: lease.price.denom, amount: lease.price.amount.toString() },
        ...(lease.reclamation ? { reclamation: { deadline: lease.reclamation.deadline?.toISOString() ?? null, reason: lease.reclamation.reason } } : {}),
        services: status ? Object.values(status.services) : null,
        forwardedPorts: status?.forwardedPorts ?? null,
        ...(error ? { providerError: error } : {}),
      })),
    };
    if (mode !== "human") return output.json(json);
    output.out(`deployment ${dseq}: ${deployment.state}, created at height ${deployment.createdAt}`);
    if (json.escrow) output.out(`  escrow ${json.escrow.state}: ${json.escrow.funds.amount} ${json.escrow.funds.denom} at height ${json.escrow.settledAt}`);
    for (const lease of json.leases) {
      output.out(`  lease gseq ${lease.gseq} on ${lease.providerName ?? lease.provider}: ${lease.state}, ${lease.pricePerBlock.amount} ${lease.pricePerBlock.denom}/block`);
      if (lease.reclamation) output.out(`    reclaiming: deadline ${lease.reclamation.deadline ?? "unknown"} (${lease.reclamation.reason})`);
      for (const service of lease.services ?? []) output.out(`    ${service.name}: ${service.available}/${service.total} available${service.uris.length ? ` ${service.uris.join(" ")}` : ""}`);
      for (const [service, ports] of Object.entries(lease.forwardedPorts ?? {})) for (const port of ports) output.out(`    ${service}: ${port.host}:${port.externalPort} → ${port.port}/${port.proto}`);
      if (lease.providerError) output.out(`    provider: ${lease.providerError}`);
    }
  });
}
