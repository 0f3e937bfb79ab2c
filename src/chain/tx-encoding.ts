/**
 * Building and signing transactions (SIGN_MODE_DIRECT), with chain-sdk's generated protobuf types.
 *
 * The message registry is built from chain-sdk's generated `Msg*` types (akash v1/v1beta4/v1beta5 and
 * cosmos v1beta1): alpha.25 does not export `getMessageType` from its entry point, and its internal one only
 * knows the types of services its SDK has already loaded, so it cannot be relied on here.
 */
import { createHash } from "node:crypto";
import * as akashV1 from "@akashnetwork/chain-sdk/private-types/akash.v1";
import * as akashV1beta4 from "@akashnetwork/chain-sdk/private-types/akash.v1beta4";
import * as akashV1beta5 from "@akashnetwork/chain-sdk/private-types/akash.v1beta5";
import * as cosmos from "@akashnetwork/chain-sdk/private-types/cosmos.v1beta1";
import { PubKey } from "@akashnetwork/chain-sdk/private-types/cosmos.secp256k1";
import type { EncodeObject } from "@cosmjs/proto-signing";
import { Dec } from "../costs/decimal.js";
import { InvalidInputError } from "../errors/invalid-input.js";
import type { Coin } from "./types.js";
import type { Wallet } from "./wallet.js";

type Codec = { $type: string; encode(message: unknown): { finish(): Uint8Array }; fromPartial(value: unknown): unknown };

const isCodec = (value: unknown): value is Codec =>
  typeof value === "object" && value !== null && typeof (value as Codec).$type === "string" && typeof (value as Codec).encode === "function" && typeof (value as Codec).fromPartial === "function";

/** Every message type (`/pkg.MsgFoo`, not its response) the generated modules define. */
const REGISTRY: ReadonlyMap<string, Codec> = new Map(
  [akashV1, akashV1beta4, akashV1beta5, cosmos]
    .flatMap((module) => Object.values(module as Record<string, unknown>))
    .filter(isCodec)
    .filter((codec) => /\.Msg[A-Z]\w*$/.test(codec.$type) && !codec.$type.endsWith("Response"))
    .map((codec) => [`/${codec.$type}`, codec]),
);

export function messageCodec(typeUrl: string): Codec {
  const codec = REGISTRY.get(typeUrl);
  if (!codec) {
    throw new InvalidInputError("Unknown message type", [{ field: "typeUrl", found: typeUrl, expected: "a message type of akash (deployment v1beta4, market v1beta5, escrow v1, cert v1, bme v1) or cosmos" }]);
  }
  return codec;
}

export function encodeBody(messages: readonly EncodeObject[], memo: string): Uint8Array {
  const anys = messages.map((message) => {
    const codec = messageCodec(message.typeUrl);
    return { typeUrl: message.typeUrl, value: codec.encode(codec.fromPartial(message.value)).finish() };
  });
  return cosmos.TxBody.encode(cosmos.TxBody.fromPartial({ messages: anys, memo })).finish();
}

const SIGN_MODE_DIRECT = 1;

export type SignerState = { pubkey: Uint8Array; sequence: bigint };

function authInfo(signer: SignerState, gas: bigint, fee: Coin[]): Uint8Array {
  return cosmos.AuthInfo.encode(
    cosmos.AuthInfo.fromPartial({
      signerInfos: [
        {
          publicKey: { typeUrl: "/cosmos.crypto.secp256k1.PubKey", value: PubKey.encode(PubKey.fromPartial({ key: signer.pubkey })).finish() },
          modeInfo: { single: { mode: SIGN_MODE_DIRECT } },
          sequence: signer.sequence,
        },
      ],
      fee: { amount: fee.map((c) => ({ denom: c.denom, amount: c.amount.toString() })), gasLimit: gas },
    }),
  ).finish();
}

/** The unsigned transaction a node simulates: no fee, no gas limit, an empty signature. */
export function simulationTx(bodyBytes: Uint8Array, signer: SignerState): Uint8Array {
  return cosmos.TxRaw.encode(cosmos.TxRaw.fromPartial({ bodyBytes, authInfoBytes: authInfo(signer, 0n, []), signatures: [new Uint8Array()] })).finish();
}

export type SignInput = { bodyBytes: Uint8Array; signer: SignerState; gas: bigint; fee: Coin[]; chainId: string; accountNumber: bigint };

/** Signs with the wallet over the SignDoc the ante handler rebuilds; returns the TxRaw bytes to broadcast. */
export async function signTx(wallet: Wallet, input: SignInput): Promise<Uint8Array> {
  const authInfoBytes = authInfo(input.signer, input.gas, input.fee);
  const { signed, signature } = await wallet.signer.signDirect(wallet.address, {
    bodyBytes: input.bodyBytes,
    authInfoBytes,
    chainId: input.chainId,
    accountNumber: input.accountNumber,
  });
  return cosmos.TxRaw.encode(
    cosmos.TxRaw.fromPartial({ bodyBytes: signed.bodyBytes, authInfoBytes: signed.authInfoBytes, signatures: [new Uint8Array(Buffer.from(signature.signature, "base64"))] }),
  ).finish();
}

/** The hash CometBFT indexes a transaction by: upper-case hex SHA-256 of its bytes. */
export const txHash = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex").toUpperCase();

export type GasPrice = { amount: Dec; denom: string };

export function parseGasPrice(text: string): GasPrice {
  const match = /^(\d+(?:\.\d+)?)([a-z][a-z0-9/]{1,127})$/.exec(text.trim());
  if (!match) throw new InvalidInputError("The gas price is not valid", [{ field: "--gas-price (AKASH_GAS_PRICE)", found: JSON.stringify(text), expected: "a decimal amount of uakt per gas unit, e.g. 0.025uakt" }]);
  return { amount: Dec.parse(match[1]!), denom: match[2]! };
}

/** Fee = gas × price, rounded up to a whole unit (a node compares the fee with gas × its minimum price). */
export const feeFor = (gas: bigint, price: GasPrice): Coin => ({ denom: price.denom, amount: Dec.from(gas).mul(price.amount).ceil(0).toBigInt() });

/** Simulated gas × adjustment, rounded up. */
export const adjustGas = (simulated: bigint, adjustment: number): bigint => Dec.from(simulated).mul(Dec.from(adjustment)).ceil(0).toBigInt();
