/** A devnet chain with its genesis: the test wallet, the validator and the providers' accounts. */
import { toValoper } from "./address.js";
import { DevnetChain } from "./chain.js";
import { applyGenesis, devnetKeys, type DevnetKey } from "./genesis.js";
import { defaultParams, type ChainParams } from "./params.js";

export type CreateChainOptions = {
  chainId?: string;
  blockTimeMs?: number;
  withdrawPeriodBlocks?: number;
  providerCount?: number;
  params?: (params: ChainParams) => ChainParams;
};

export type CreatedChain = { chain: DevnetChain; user: DevnetKey; validator: DevnetKey; validatorOperator: string; providers: DevnetKey[] };

export async function createDevnetChain(options: CreateChainOptions = {}): Promise<CreatedChain> {
  const providerCount = options.providerCount ?? 6;
  // Index 0: the user's wallet; 1: the validator; 2…: providers.
  const [user, validator, ...providers] = await devnetKeys(2 + providerCount);
  const params = (options.params ?? ((p) => p))(defaultParams(options.chainId ?? "akash-local-1"));
  const chain = new DevnetChain({
    params,
    blockTimeMs: options.blockTimeMs ?? 1000,
    withdrawPeriodBlocks: options.withdrawPeriodBlocks ?? 10,
    genesis: (ctx) => applyGenesis(ctx, { user: user!.address, validator: validator!.address, providers: providers.map((p) => p.address) }),
  });
  return { chain, user: user!, validator: validator!, validatorOperator: toValoper(validator!.address), providers };
}
