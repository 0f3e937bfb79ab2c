/** Opens the wallet, the chain client and provider clients for a command, from the configuration. */
import { connectChain, type ChainClient } from "../chain/chain-client.js";
import { loadMnemonic } from "../chain/wallet-source.js";
import { openWallet } from "../chain/wallet.js";
import type { Config } from "../config/load.js";
import type { Secret } from "../config/secret.js";
import { ProviderClient } from "../provider/provider-client.js";
import { measureBlockTime, type MeasuredBlockTime } from "../chain/block-time.js";
import type { PriceContext } from "../costs/price.js";
import { configFromFlags } from "./common.js";
import { Output, type Io } from "./io.js";
import { outputMode, type OutputMode } from "./progress.js";

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

export type ChainCommand = {
  config: Config;
  output: Output;
  mode: OutputMode;
  session: Session;
  /** The block time measured from the chain's recent headers (the configured one when it cannot be). */
  blockTime: MeasuredBlockTime;
  price: PriceContext;
};

/** Runs a command that talks to the chain: output per the flags, configuration, session, block time; closes the session. */
export async function onChain(io: Io, globals: Record<string, unknown>, flags: { json?: boolean; output?: string; showSecrets?: boolean }, run: (command: ChainCommand) => Promise<void>): Promise<void> {
  const mode = outputMode(flags);
  const output = new Output(io, { json: mode !== "human", showSecrets: flags.showSecrets });
  const config = configFromFlags(globals, io);
  const session = await openSession(config, output);
  try {
    const blockTime = await measureBlockTime(session.chain, config.blockTimeMs);
    await run({ config, output, mode, session, blockTime, price: { blockTimeMs: blockTime.ms, actUsd: config.actUsd } });
  } finally {
    await session.close();
  }
}
