/** The devnet chain as the providers' gateways see it (ProviderChainView), reading chain state directly. */
import { GroupSpec } from "@akashnetwork/chain-sdk/private-types/akash.v1beta4";
import type { DevnetChain } from "./chain/chain.js";
import { getAccount } from "./chain/modules/bank.js";
import { getCertificate } from "./chain/modules/cert.js";
import { getDeployment, getGroup } from "./chain/modules/deployment.js";
import { allLeases, closeBidByProvider, CloseReason, getLease } from "./chain/modules/market.js";
import type { ProviderChainView } from "./provider/chain-view.js";

export function providerChainView(chain: DevnetChain): ProviderChainView {
  return {
    accountPubKey: (address) => getAccount(chain.store, address)?.pubKey,
    deploymentHash: (owner, dseq) => {
      const deployment = getDeployment(chain, owner, dseq);
      return deployment?.state === "active" ? deployment.hash : undefined;
    },
    openLeases: (provider) =>
      allLeases(chain)
        .filter((lease) => lease.provider === provider && (lease.state === "active" || lease.state === "reclaiming"))
        .map((lease) => ({
          id: { owner: lease.owner, dseq: lease.dseq, gseq: lease.gseq, oseq: lease.oseq, provider: lease.provider },
          groupName: GroupSpec.decode(getGroup(chain, lease.owner, lease.dseq, lease.gseq)!.spec).name,
          createdAt: chain.block(lease.createdAt)?.time ?? new Date(),
        })),
    certificate: (owner, serial) => {
      const record = getCertificate(chain, owner, serial);
      return record && { cert: new TextDecoder().decode(record.cert), pubkey: new TextDecoder().decode(record.pubkey), state: record.state };
    },
    closeLease: (id) => {
      void chain
        .enqueue((ctx) => {
          const lease = allLeases(ctx).find((l) => l.owner === id.owner && l.dseq === id.dseq && l.gseq === id.gseq && l.oseq === id.oseq && l.provider === id.provider);
          if (lease && getLease(ctx, lease)?.state === "active") closeBidByProvider(ctx, chain.hooks, lease, CloseReason.manifestTimeout);
        })
        .catch(() => undefined); // already closed by its owner meanwhile
    },
  };
}
