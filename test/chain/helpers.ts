/** Shared setup for the chain client tests: clients on a devnet, fresh wallets, an order to deploy. */
import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import { connectChain, type ChainClient, type ChainClientEvent, type ChainClientOptions } from "../../src/chain/chain-client.js";
import { msgSend } from "../../src/chain/messages.js";
import { openWallet, type Wallet } from "../../src/chain/wallet.js";
import { Secret } from "../../src/config/secret.js";
import type { Devnet } from "../../src/devnet/start-devnet.js";

export type Recorded = { client: ChainClient; events: ChainClientEvent[] };

/** A client of the devnet's test wallet (or `wallet`), recording its events. */
export async function clientFor(devnet: Devnet, options: Partial<ChainClientOptions> & { wallet?: Wallet } = {}): Promise<Recorded> {
  const events: ChainClientEvent[] = [];
  const wallet = options.wallet ?? (await openWallet(new Secret(devnet.mnemonic)));
  const client = await connectChain({
    rpc: devnet.rpc,
    grpc: devnet.grpc,
    chainId: devnet.chainId,
    gasPrice: "0.025uakt",
    gasAdjustment: 1.3,
    ...options,
    wallet,
    onEvent: (event) => {
      events.push(event);
      options.onEvent?.(event);
    },
  });
  return { client, events };
}

/** A new wallet with a random mnemonic, funded with `uakt` by the test wallet (its account exists then). */
export async function fundedWallet(funder: ChainClient, uakt: bigint): Promise<{ wallet: Wallet; mnemonic: string }> {
  const signer = await DirectSecp256k1HdWallet.generate(12, { prefix: "akash" });
  const wallet = await openWallet(new Secret(signer.mnemonic));
  await funder.signAndBroadcast([msgSend({ from: funder.address, to: wallet.address, amount: [{ denom: "uakt", amount: uakt }] })]);
  return { wallet, mnemonic: signer.mnemonic };
}

export async function balanceOf(client: ChainClient, address: string, denom: string): Promise<bigint> {
  const { balance } = await client.sdk.cosmos.bank.v1beta1.getBalance({ address, denom });
  return BigInt(balance?.amount ?? "0");
}

/** The first three words: enough to tell whether a mnemonic leaked, without putting it in an assertion message. */
export const mnemonicPrefix = (mnemonic: string): string => mnemonic.split(" ").slice(0, 3).join(" ");

/** Everything an error shows: message, meta lines, details, and its causes'. */
export function everythingIn(error: unknown): string {
  const parts: string[] = [];
  for (let e = error as { message?: string; details?: string; metaMessages?: string[]; cause?: unknown } | undefined, depth = 0; e && depth < 10; e = e.cause as typeof e, depth++) {
    parts.push(String(e.message ?? e), e.details ?? "", ...(e.metaMessages ?? []));
  }
  return parts.join("\n");
}

let dseqCounter = 0;
/** A dseq no other deployment of this run uses. */
export const nextDseq = (): bigint => BigInt(Date.now()) * 1000n + BigInt(++dseqCounter % 1000);
