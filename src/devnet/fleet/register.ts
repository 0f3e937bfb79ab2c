/** Puts the fleet on chain: provider records with host URI and attributes, audits, and TLS certificates. */
import { AKASH_AUDITOR } from "../../sdl/render-params.js";
import type { DevnetChain } from "../chain/chain.js";
import { createCertificate } from "../chain/modules/cert.js";
import { createProvider, getProvider, signProviderAttributes, updateProvider, type Attribute } from "../chain/modules/provider.js";
import type { FleetProvider } from "./fleet-config.js";

export type ProviderRegistration = { config: FleetProvider; address: string; hostUri: string; certificate?: { cert: string; pubkey: string } };

/** The attributes a provider advertises: region, tier, and its GPU capabilities as mainnet providers list them. */
export function providerAttributes(config: FleetProvider): Attribute[] {
  const gpus = config.gpus.flatMap((gpu) => {
    const base = `capabilities/gpu/vendor/nvidia/model/${gpu.model}`;
    return [{ key: base, value: "true" }, ...(gpu.ram ? [{ key: `${base}/ram/${gpu.ram}`, value: "true" }] : []), ...(gpu.interface ? [{ key: `${base}/interface/${gpu.interface}`, value: "true" }] : [])];
  });
  const storage = Object.keys(config.storage).filter((cls) => cls !== "default").map((cls) => ({ key: `capabilities/storage/1/class`, value: cls }));
  return [{ key: "host", value: "akash" }, { key: "organization", value: config.name }, { key: "region", value: config.region }, { key: "tier", value: config.tier }, ...gpus, ...storage.slice(0, 1)];
}

/** Creates the providers, or (after a restart, with new ports and certificates) updates them. */
export function registerProviders(chain: DevnetChain, providers: ProviderRegistration[]): Promise<void> {
  return chain.enqueue((ctx) => {
    for (const provider of providers) {
      const attributes = providerAttributes(provider.config);
      const record = { owner: provider.address, hostUri: provider.hostUri, attributes, info: { email: `ops@${provider.config.name}.devnet`, website: "" } };
      if (getProvider(ctx, provider.address)) updateProvider(ctx, record);
      else createProvider(ctx, record);
      if (provider.config.audited) signProviderAttributes(ctx, { owner: provider.address, auditor: AKASH_AUDITOR, attributes });
      if (provider.certificate) createCertificate(ctx, provider.address, new TextEncoder().encode(provider.certificate.cert), new TextEncoder().encode(provider.certificate.pubkey));
    }
  });
}
