/**
 * The read side of the chain: chain-sdk's node SDK over native gRPC (port 9090 on a real node), without a
 * signer. Every query in src/chain/queries takes one of these first.
 *
 * chain-sdk keeps its transport to itself, so the SDK object cannot tell which endpoint it talks to. The few
 * places that need it — error messages that name the endpoint, and the lease query, which has to read fields
 * alpha.25's generated types drop (see queries/lease-wire.ts) — look it up here, by SDK object.
 */
import { createChainNodeSDK } from "@akashnetwork/chain-sdk";

export type QuerySdk = ReturnType<typeof createChainNodeSDK>;

export type QueryEndpoint = { grpcUrl: string; timeoutMs: number };

const endpoints = new WeakMap<object, QueryEndpoint>();

export function createQuerySdk(grpcUrl: string, timeoutMs = 15_000): QuerySdk {
  const sdk = createChainNodeSDK({ query: { baseUrl: grpcUrl, transportOptions: { defaultTimeoutMs: timeoutMs } } });
  endpoints.set(sdk, { grpcUrl, timeoutMs });
  return sdk;
}

/** The endpoint an SDK made by createQuerySdk talks to; undefined for SDKs created elsewhere. */
export function queryEndpointOf(sdk: QuerySdk): QueryEndpoint | undefined {
  return endpoints.get(sdk);
}
