/**
 * Transaction processing, as a Cosmos SDK node's ante handler and message router do it: decode TxRaw,
 * check size, fee denomination and minimum gas price, account number, sequence and the SIGN_MODE_DIRECT
 * signature over the chain's SignDoc, charge the fee, bump the sequence, then run every message atomically
 * under a gas meter. Simulation runs the same path without signature and fee checks and without keeping state.
 */
import { PubKey } from "@akashnetwork/chain-sdk/private-types/cosmos.secp256k1";
import { AuthInfo, SignDoc, TxBody, TxMsgData, TxRaw } from "@akashnetwork/chain-sdk/private-types/cosmos.v1beta1";
import { Dec } from "../../costs/decimal.js";
import type { AbciEvent } from "../node-api.js";
import { addressOfPubKey, MODULES } from "./address.js";
import { emit, type Ctx } from "./context.js";
import { ChainError, sdkError } from "./errors.js";
import { MESSAGES, responseTypeUrl } from "./messages.js";
import { getAccount, setAccount, transfer, type AccountRecord } from "./modules/bank.js";
import { verifySecp256k1 } from "./signature.js";
import type { EscrowHooks } from "./modules/escrow.js";

export type TxMode = "check" | "simulate" | "deliver";
/** `error` is set when the messages failed after the ante handler succeeded: fee and sequence stay charged. */
export type TxOutcome = { data: Uint8Array; gasWanted: bigint; gasUsed: bigint; events: AbciEvent[]; signer: string; sequence: bigint; error?: ChainError };

const GAS_PER_BYTE = 10;
const GAS_SIG_VERIFY = 1000;
const GAS_BASE = 30_000;
const SIGN_MODE_DIRECT = 1;
const SECP256K1_PUBKEY = "/cosmos.crypto.secp256k1.PubKey";

type Decoded = { raw: ReturnType<typeof TxRaw.decode>; body: ReturnType<typeof TxBody.decode>; authInfo: ReturnType<typeof AuthInfo.decode> };

function decode(bytes: Uint8Array, maxBytes: number): Decoded {
  if (bytes.length > maxBytes) throw sdkError.txTooLarge(bytes.length, maxBytes);
  try {
    const raw = TxRaw.decode(bytes);
    return { raw, body: TxBody.decode(raw.bodyBytes), authInfo: AuthInfo.decode(raw.authInfoBytes) };
  } catch (error) {
    throw sdkError.txDecode(`cannot decode tx: ${(error as Error).message}`);
  }
}

/**
 * Runs a transaction. `pendingSequence` lets CheckTx accept several txs of one account between blocks, as
 * the node's check state does. Throws ChainError when the ante handler refuses (nothing is charged); a
 * message failure in DeliverTx comes back as `error` with only the messages' writes undone.
 */
export function runTx(ctx: Ctx, hooks: EscrowHooks, bytes: Uint8Array, mode: TxMode, pendingSequence?: (signer: string) => bigint | undefined): TxOutcome {
  const tx = decode(bytes, ctx.params.maxTxBytes);
  if (tx.body.messages.length === 0) throw sdkError.invalidRequest("must contain at least one message");
  const handlers = tx.body.messages.map((any) => {
    const found = MESSAGES[any.typeUrl];
    if (!found) throw sdkError.txDecode(`unable to resolve type URL ${any.typeUrl}`);
    let message: unknown;
    try {
      message = found.type.decode(any.value);
    } catch (error) {
      throw sdkError.txDecode(`cannot decode ${any.typeUrl}: ${(error as Error).message}`);
    }
    return { typeUrl: any.typeUrl, handler: found, message };
  });
  const gasWanted = BigInt(tx.authInfo.fee?.gasLimit?.toString() ?? "0");
  // The ante handler's first decorator (SetUpContextDecorator): no tx may ask for more than a block holds.
  const maxBlockGas = ctx.params.maxBlockGas;
  if (maxBlockGas > 0n && gasWanted > maxBlockGas) throw sdkError.outOfGas(`tx gas wanted ${gasWanted} exceeds block max gas limit ${maxBlockGas}`);
  // ValidateBasic comes next, before fees and signatures: a malformed message costs nothing.
  for (const { handler, message } of handlers) handler.validateBasic?.(message as never);
  const signers = new Set(handlers.map(({ handler, message }) => handler.signer(message as never)));
  if (signers.size !== 1) throw sdkError.invalidRequest("every message must have the same single signer");
  const signer = [...signers][0]!;
  const signerInfo = tx.authInfo.signerInfos[0];
  if (tx.authInfo.signerInfos.length !== 1 || !signerInfo) throw sdkError.unauthorized("wrong number of signers; expected 1");
  const gasUsed = BigInt(GAS_BASE + GAS_PER_BYTE * bytes.length + GAS_SIG_VERIFY + handlers.reduce((sum, { handler }) => sum + handler.gas, 0));

  // The ante handler's order on a Cosmos SDK chain: fee, public key, then sequence and signature.
  const account = getAccount(ctx.store, signer);
  if (!account) throw sdkError.unknownAddress(signer);
  if (mode !== "simulate") chargeFee(ctx, mode, tx, signer, gasWanted);
  const pubKey = publicKeyOf(signerInfo.publicKey, account);
  if (addressOfPubKey(pubKey) !== signer) throw sdkError.invalidPubKey(`pubKey does not match signer address ${signer} with signer index: 0`);
  const sequence = BigInt(signerInfo.sequence.toString());
  const expected = pendingSequence?.(signer) ?? account.sequence;
  if (sequence !== expected) throw sdkError.wrongSequence(expected, sequence);
  if (mode !== "simulate") verifySignature(ctx, tx, account, pubKey);
  setAccount(ctx.store, { ...account, sequence: account.sequence + 1n, pubKey });
  if (mode === "check") return { data: new Uint8Array(), gasWanted, gasUsed, events: [], signer, sequence };
  const failed = (error: ChainError): TxOutcome => ({ data: new Uint8Array(), gasWanted, gasUsed, events: [], signer, sequence, error });
  if (mode === "deliver" && gasUsed > gasWanted) return failed(sdkError.outOfGas(`out of gas in location: WriteFlat; gasWanted: ${gasWanted}, gasUsed: ${gasUsed}`));

  const events: AbciEvent[] = [];
  const msgCtx: Ctx = { ...ctx, events };
  try {
    ctx.store.atomically(() => {
      handlers.forEach(({ typeUrl, handler, message }, index) => {
        emit(msgCtx, "message", { action: typeUrl, sender: signer, module: typeUrl.split(".")[1] ?? "", msg_index: index });
        try {
          handler.handle(msgCtx, hooks, message as never);
        } catch (error) {
          if (error instanceof ChainError) throw new ChainError(error.codespace, error.code, `failed to execute message; message index: ${index}: ${error.message}`, error.grpcCode);
          throw error;
        }
      });
    });
  } catch (error) {
    if (mode === "deliver" && error instanceof ChainError) return failed(error);
    throw error;
  }
  const data = TxMsgData.encode(TxMsgData.fromPartial({ msgResponses: handlers.map(({ typeUrl }) => ({ typeUrl: responseTypeUrl(typeUrl), value: new Uint8Array() })) })).finish();
  return { data, gasWanted, gasUsed, events, signer, sequence };
}

function publicKeyOf(any: { typeUrl: string; value: Uint8Array } | undefined, account: AccountRecord): Uint8Array {
  if (!any) {
    if (account.pubKey) return account.pubKey;
    throw sdkError.unauthorized("pubKey on signer info is not set");
  }
  if (any.typeUrl !== SECP256K1_PUBKEY) throw sdkError.unauthorized(`unsupported public key type ${any.typeUrl}`);
  return PubKey.decode(any.value).key;
}

function verifySignature(ctx: Ctx, tx: Decoded, account: AccountRecord, pubKey: Uint8Array): void {
  const mode = tx.authInfo.signerInfos[0]?.modeInfo?.single?.mode;
  const signature = tx.raw.signatures[0];
  const failure = () =>
    sdkError.unauthorized(`signature verification failed; please verify account number (${account.accountNumber}) and chain-id (${ctx.params.chainId}): (unable to verify single signer signature)`);
  if (mode !== SIGN_MODE_DIRECT) throw sdkError.unauthorized(`signing mode ${mode ?? "unset"} is not supported; use SIGN_MODE_DIRECT`);
  if (!signature || signature.length !== 64) throw failure();
  const signDoc = SignDoc.encode(SignDoc.fromPartial({ bodyBytes: tx.raw.bodyBytes, authInfoBytes: tx.raw.authInfoBytes, chainId: ctx.params.chainId, accountNumber: account.accountNumber })).finish();
  if (!verifySecp256k1(signature, signDoc, pubKey)) throw failure();
}

/** Fees are paid in uakt at no less than the node's minimum gas price (enforced in CheckTx, as nodes do). */
function chargeFee(ctx: Ctx, mode: TxMode, tx: Decoded, signer: string, gasWanted: bigint): void {
  const coins = tx.authInfo.fee?.amount ?? [];
  const other = coins.find((coin) => coin.denom !== "uakt");
  if (other) throw sdkError.insufficientFee(`fee must be paid in uakt, got ${other.amount}${other.denom}`);
  const paid = coins.reduce((sum, coin) => sum + BigInt(coin.amount), 0n);
  const required = Dec.from(gasWanted).mul(ctx.params.minGasPrice).ceil(0).toBigInt();
  if (mode === "check" && paid < required) throw sdkError.insufficientFee(`insufficient fees; got: ${paid}uakt required: ${required}uakt`);
  try {
    transfer(ctx, signer, MODULES.feeCollector, "uakt", paid);
  } catch {
    throw sdkError.insufficientFunds(`insufficient funds to pay for fees; ${paid}uakt is more than the balance`);
  }
}
