/**
 * What the engine needs from the chain and from providers. The concrete clients live in src/chain and
 * src/provider; the engine sees only these shapes, so the same engine runs against mainnet and the devnet.
 */
import type { EncodeObject } from "@cosmjs/proto-signing";
import type { QuerySdk } from "../chain/query-sdk.js";
import type { TxResult } from "../chain/types.js";

export interface ChainPort {
  readonly address: string;
  readonly chainId: string;
  readonly sdk: QuerySdk;
  height(): Promise<number>;
  blockTime(height: number): Promise<Date>;
  waitForBlock(afterHeight: number, timeoutMs?: number): Promise<number>;
  signAndBroadcast(messages: EncodeObject[], options?: { memo?: string }): Promise<TxResult>;
}

export type LeaseRef = { dseq: bigint; gseq: number; oseq: number };

export type ServiceStatus = { name: string; available: number; total: number; ready: number; uris: string[] };
export type ForwardedPort = { host: string; port: number; externalPort: number; proto: string };
export type LeaseStatus = { services: Record<string, ServiceStatus>; forwardedPorts: Record<string, ForwardedPort[]> };

export interface ProviderPort {
  sendManifest(
    dseq: bigint,
    manifestJson: string,
    options: { deadline: Date; onAttempt?: (attempt: { n: number; status?: number; error?: string; delayMs: number }) => void },
  ): Promise<{ attempts: number; ms: number }>;
  leaseStatus(lease: LeaseRef): Promise<LeaseStatus>;
}

/** Opens a client for a provider, by its address (host URI and certificates come from chain). */
export type ProviderFactory = (provider: string) => Promise<ProviderPort>;
