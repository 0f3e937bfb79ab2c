/** Opens the wallet, the chain client and provider clients for a command, from the configuration. */
import { connectChain, type ChainClient } from "../chain/chain-client.js";
import { loadMnemonic } from "../chain/wallet-source.js";
import { openWallet } from "../chain/wallet.js";
import type { Config } from "../config/load.js";
import type { Secret } from "../config/secret.js";
import { ProviderClient } from "../provider/provider-client.js";
import type { Output } from "./io.js";

export type Session = { chain: ChainClient; mnemonic: Secret; providers: (provider: string) => Promise<ProviderClient>; close(): Promise<void> };

export async function openSession(config: Config, output: Output): Promise<Session> {
  const mnemonic = loadMnemonic(config);
  output.guard(mnemonic.reveal());
  const wallet = await openWallet(mnemonic);
  const chain = await connectChain({ rpc: config.rpc, grpc: config.grpc, chainId: config.chainId, gasPrice: config.gasPrice, gasAdjustment: config.gasAdjustment, wallet });
  const clients = new Map<string, Promise<ProviderClient>>();
  const providers = (provider: string): Promise<ProviderClient> => {
    let client = clients.get(provider);
    if (!client) {
      client = ProviderClient.connect({ sdk: chain.sdk, provider, owner: chain.address, mnemonic, stateDir: config.stateDir, tx: chain });
      // A failed lookup is not cached: the next call asks the chain again.
      client.catch(() => clients.delete(provider));
      clients.set(provider, client);
    }
    return client;
  };
  return { chain, mnemonic, providers, close: () => chain.disconnect() };
}
