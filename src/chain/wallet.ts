/** The wallet: the account a mnemonic opens (akash prefix, the standard Cosmos HD path). */
import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import type { Secret } from "../config/secret.js";

export type Wallet = { address: string; signer: DirectSecp256k1HdWallet };

export async function openWallet(mnemonic: Secret): Promise<Wallet> {
  const signer = await DirectSecp256k1HdWallet.fromMnemonic(mnemonic.reveal(), { prefix: "akash" });
  const [account] = await signer.getAccounts();
  return { address: account!.address, signer };
}
