/** Balances of an address, from the chain's gRPC endpoint. */
import { createChainNodeSDK } from "@akashnetwork/chain-sdk";
import { AkashGpuError } from "../errors/base.js";

export type Coin = { denom: string; amount: bigint };

export async function getBalances(grpcUrl: string, address: string): Promise<Coin[]> {
  const sdk = createChainNodeSDK({ query: { baseUrl: grpcUrl, transportOptions: { defaultTimeoutMs: 15_000 } } });
  try {
    const { balances } = await sdk.cosmos.bank.v1beta1.getAllBalances({ address, pagination: { limit: 100n } } as Parameters<typeof sdk.cosmos.bank.v1beta1.getAllBalances>[0]);
    return balances.map((coin) => ({ denom: coin.denom, amount: BigInt(coin.amount) }));
  } catch (error) {
    throw new AkashGpuError(`Cannot read balances from ${grpcUrl}`, {
      metaMessages: ["Check the network (--network, AKASH_GRPC) — for --network local, that `akash-gpu devnet start` runs."],
      cause: error,
    });
  }
}
