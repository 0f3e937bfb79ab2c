/** Signing transactions for the in-process chain tests, with cosmjs and chain-sdk's message types. */
import * as akashV1 from "@akashnetwork/chain-sdk/private-types/akash.v1";
import * as akashV1beta4 from "@akashnetwork/chain-sdk/private-types/akash.v1beta4";
import * as akashV1beta5 from "@akashnetwork/chain-sdk/private-types/akash.v1beta5";
import { DirectSecp256k1Wallet, Registry, type EncodeObject, type GeneratedType } from "@cosmjs/proto-signing";
import { defaultRegistryTypes, SigningStargateClient, type StdFee } from "@cosmjs/stargate";
import { TxRaw } from "@akashnetwork/chain-sdk/private-types/cosmos.v1beta1";
import type { DevnetChain } from "../../src/devnet/chain/chain.js";
import type { DevnetKey } from "../../src/devnet/chain/genesis.js";

export const registry = new Registry([
  ...defaultRegistryTypes,
  ["/akash.deployment.v1beta4.MsgCreateDeployment", akashV1beta4.MsgCreateDeployment as unknown as GeneratedType],
  ["/akash.deployment.v1beta4.MsgCloseDeployment", akashV1beta4.MsgCloseDeployment as unknown as GeneratedType],
  ["/akash.market.v1beta5.MsgCreateLease", akashV1beta5.MsgCreateLease as unknown as GeneratedType],
  ["/akash.market.v1beta5.MsgCloseLease", akashV1beta5.MsgCloseLease as unknown as GeneratedType],
  ["/akash.escrow.v1.MsgAccountDeposit", akashV1.MsgAccountDeposit as unknown as GeneratedType],
  ["/akash.bme.v1.MsgMintACT", akashV1.MsgMintACT as unknown as GeneratedType],
  ["/akash.cert.v1.MsgCreateCertificate", akashV1.MsgCreateCertificate as unknown as GeneratedType],
  ["/akash.cert.v1.MsgRevokeCertificate", akashV1.MsgRevokeCertificate as unknown as GeneratedType],
]);

export const FEE: StdFee = { amount: [{ denom: "uakt", amount: "25000" }], gas: "1000000" };

/** Signs `messages` as `key` with the account's current number and sequence (or the ones given). */
export async function signTx(chain: DevnetChain, key: DevnetKey, messages: EncodeObject[], options: { fee?: StdFee; sequence?: bigint; chainId?: string; accountNumber?: bigint } = {}): Promise<Uint8Array> {
  const wallet = await DirectSecp256k1Wallet.fromKey(key.privateKey, "akash");
  const client = await SigningStargateClient.offline(wallet, { registry });
  const account = chain.store.get<{ accountNumber: bigint; sequence: bigint }>(`auth/account/${key.address}`)!;
  const raw = await client.sign(key.address, messages, options.fee ?? FEE, "", {
    accountNumber: Number(options.accountNumber ?? account.accountNumber),
    sequence: Number(options.sequence ?? account.sequence),
    chainId: options.chainId ?? chain.chainId,
  });
  return TxRaw.encode(raw).finish();
}

/** CheckTx, then a block; returns the committed result. */
export function commit(chain: DevnetChain, tx: Uint8Array) {
  const check = chain.checkTx(tx);
  if (check.code !== 0) return { check, result: undefined };
  chain.produceBlock();
  return { check, result: chain.getTx(check.hash)!.result };
}
