/** How the devnet bench talks to a devnet as a client does: txs signed offline with cosmjs, sent over CometBFT RPC. */
import * as akashV1beta4 from "@akashnetwork/chain-sdk/private-types/akash.v1beta4";
import { TxRaw } from "@akashnetwork/chain-sdk/private-types/cosmos.v1beta1";
import { DirectSecp256k1Wallet, Registry, type EncodeObject, type GeneratedType } from "@cosmjs/proto-signing";
import { defaultRegistryTypes, SigningStargateClient, type StdFee } from "@cosmjs/stargate";
import type { DevnetKey } from "../../src/devnet/chain/genesis.js";

const registry = new Registry([
  ...defaultRegistryTypes,
  ["/akash.deployment.v1beta4.MsgCreateDeployment", akashV1beta4.MsgCreateDeployment as unknown as GeneratedType],
]);

export type OfflineSigner = { sequence: bigint; sign(messages: EncodeObject[], fee: StdFee, sequence: bigint): Promise<Uint8Array> };

/** Signs offline with cosmjs, as a user's script does, with the account's number and a given sequence. */
export async function offlineSigner(key: DevnetKey, account: { accountNumber: bigint | number; sequence: bigint | number }, chainId: string): Promise<OfflineSigner> {
  const client = await SigningStargateClient.offline(await DirectSecp256k1Wallet.fromKey(key.privateKey, "akash"), { registry });
  return {
    sequence: BigInt(account.sequence),
    async sign(messages, fee, sequence) {
      const raw = await client.sign(key.address, messages, fee, "", { accountNumber: Number(account.accountNumber), sequence: Number(sequence), chainId });
      return TxRaw.encode(raw).finish();
    },
  };
}

/** broadcast_tx_sync over the devnet's CometBFT RPC (JSON-RPC POST), as cosmjs does it. */
export async function broadcastTxSync(rpc: string, tx: Uint8Array, id: number): Promise<{ code: number; log: string }> {
  const response = await fetch(rpc, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id, method: "broadcast_tx_sync", params: { tx: Buffer.from(tx).toString("base64") } }) });
  const body = (await response.json()) as { result?: { code: number; log: string }; error?: { message: string; data?: string } };
  return body.result ? { code: body.result.code, log: body.result.log } : { code: -1, log: `${body.error?.message ?? "no result"} ${body.error?.data ?? ""}` };
}
