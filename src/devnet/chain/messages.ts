/**
 * The messages the devnet accepts, by type URL: how to decode each, who must sign it, what it costs in gas,
 * and what it does. Type URLs are mainnet's current ones; older versions (v1beta3 deployment, v1beta4
 * market) are unknown here, as they are on mainnet.
 */
import * as akashV1 from "@akashnetwork/chain-sdk/private-types/akash.v1";
import * as akashV1beta4 from "@akashnetwork/chain-sdk/private-types/akash.v1beta4";
import * as akashV1beta5 from "@akashnetwork/chain-sdk/private-types/akash.v1beta5";
import * as cosmos from "@akashnetwork/chain-sdk/private-types/cosmos.v1beta1";
import type { MessageType } from "../node-api.js";
import type { Ctx } from "./context.js";
import { transfer } from "./modules/bank.js";
import { createCertificate, revokeCertificate, validateCertificate, validateSerial } from "./modules/cert.js";
import { closeDeployment, createDeployment, updateDeployment, validateCreateDeployment, type CreateDeployment } from "./modules/deployment.js";
import { deposit, validateAccountId, type EscrowHooks } from "./modules/escrow.js";
import { closeLeaseByOwner, createLease } from "./modules/market.js";
import { mintAct, validateMintAct } from "./modules/bme.js";
import { delegate, undelegate, withdrawRewards } from "./modules/staking.js";
import { depositErrors, escrowErrors } from "./akash-errors.js";
import { sdkError } from "./errors.js";
import { isAddress } from "./address.js";

export type MessageHandler = {
  type: MessageType;
  /** The address that must sign the message. */
  signer(msg: never): string;
  /** Gas the message costs beyond the transaction's base cost. */
  gas: number;
  /** Stateless checks (ValidateBasic), run before any fee is taken. */
  validateBasic?(msg: never): void;
  handle(ctx: Ctx, hooks: EscrowHooks, msg: never): void;
};

/** A handler for messages of type T, with its response type (whose encoding is empty for all of these). */
const handler = <T>(type: MessageType<T>, signer: (msg: T) => string, gas: number, handle: (ctx: Ctx, hooks: EscrowHooks, msg: T) => void, validateBasic?: (msg: T) => void): MessageHandler =>
  ({ type, signer, gas, handle, validateBasic }) as unknown as MessageHandler;

const long = (value: { toString(): string } | undefined): bigint => BigInt(value?.toString() ?? "0");
const mintInput = (m: akashV1.MsgMintACT) => ({ owner: m.owner, to: m.to, coin: { denom: m.coinsToBurn?.denom ?? "", amount: m.coinsToBurn?.amount ?? "0" } });

/** MsgAccountDeposit.ValidateBasic (chain-sdk go/node/escrow/v1/msgs.go). */
function validateDeposit(m: akashV1.MsgAccountDeposit): void {
  if (!isAddress(m.signer)) throw sdkError.invalidAddress(`invalid signer address ${JSON.stringify(m.signer)}`);
  validateAccountId(m.id?.scope ?? 0, m.id?.xid ?? "");
  if (BigInt(m.deposit?.amount?.amount || "0") === 0n) throw escrowErrors.invalidDeposit();
  const sources = m.deposit?.sources ?? [];
  if (sources.length === 0) throw depositErrors.invalidDepositSource("empty deposit sources");
  for (const [index, source] of sources.entries()) {
    if (source !== 1 && source !== 2) throw depositErrors.invalidDepositSource(`empty deposit source type ${source}`);
    if (sources.indexOf(source) !== index) throw depositErrors.invalidDepositSource(`duplicate deposit source type ${source}`);
  }
}

const createDeploymentInput = (m: akashV1beta4.MsgCreateDeployment): CreateDeployment => ({
  owner: m.id?.owner ?? "",
  dseq: long(m.id?.dseq),
  groups: m.groups,
  hash: m.hash,
  deposit: { denom: m.deposit?.amount?.denom ?? "", amount: m.deposit?.amount?.amount ?? "0" },
});

export const MESSAGES: Record<string, MessageHandler> = {
  "/cosmos.bank.v1beta1.MsgSend": handler(cosmos.MsgSend, (m) => m.fromAddress, 20_000, (ctx, _h, m) => {
    for (const coin of m.amount) transfer(ctx, m.fromAddress, m.toAddress, coin.denom, BigInt(coin.amount), true);
  }),
  "/akash.deployment.v1beta4.MsgCreateDeployment": handler(
    akashV1beta4.MsgCreateDeployment,
    (m) => m.id?.owner ?? "",
    150_000,
    (ctx, hooks, m) => createDeployment(ctx, hooks, createDeploymentInput(m)),
    (m) => validateCreateDeployment(createDeploymentInput(m)),
  ),
  "/akash.deployment.v1beta4.MsgUpdateDeployment": handler(akashV1beta4.MsgUpdateDeployment, (m) => m.id?.owner ?? "", 60_000, (ctx, _h, m) => {
    updateDeployment(ctx, m.id?.owner ?? "", long(m.id?.dseq), m.hash);
  }),
  "/akash.deployment.v1beta4.MsgCloseDeployment": handler(akashV1beta4.MsgCloseDeployment, (m) => m.id?.owner ?? "", 80_000, (ctx, hooks, m) => {
    closeDeployment(ctx, hooks, m.id?.owner ?? "", long(m.id?.dseq));
  }),
  "/akash.market.v1beta5.MsgCreateLease": handler(akashV1beta5.MsgCreateLease, (m) => m.bidId?.owner ?? "", 120_000, (ctx, hooks, m) => {
    const id = m.bidId!;
    createLease(ctx, hooks, { owner: id.owner, dseq: long(id.dseq), gseq: id.gseq, oseq: id.oseq, provider: id.provider, bseq: id.bseq });
  }),
  "/akash.market.v1beta5.MsgCloseLease": handler(akashV1beta5.MsgCloseLease, (m) => m.id?.owner ?? "", 80_000, (ctx, hooks, m) => {
    const id = m.id!;
    closeLeaseByOwner(ctx, hooks, { owner: id.owner, dseq: long(id.dseq), gseq: id.gseq, oseq: id.oseq, provider: id.provider, bseq: id.bseq }, m.reason);
  }),
  "/akash.escrow.v1.MsgAccountDeposit": handler(
    akashV1.MsgAccountDeposit,
    (m) => m.signer,
    60_000,
    (ctx, hooks, m) => {
      const coin = m.deposit!.amount!;
      deposit(ctx, hooks, validateAccountId(m.id!.scope, m.id!.xid), m.id!.xid, m.signer, BigInt(coin.amount), coin.denom);
    },
    validateDeposit,
  ),
  "/akash.bme.v1.MsgMintACT": handler(akashV1.MsgMintACT, (m) => m.owner, 70_000, (ctx, _h, m) => void mintAct(ctx, mintInput(m)), (m) => validateMintAct(mintInput(m))),
  "/akash.cert.v1.MsgCreateCertificate": handler(
    akashV1.MsgCreateCertificate,
    (m) => m.owner,
    50_000,
    (ctx, _h, m) => void createCertificate(ctx, m.owner, m.cert, m.pubkey),
    (m) => validateCertificate(m.owner, m.cert, m.pubkey),
  ),
  "/akash.cert.v1.MsgRevokeCertificate": handler(
    akashV1.MsgRevokeCertificate,
    (m) => m.id?.owner ?? "",
    40_000,
    (ctx, _h, m) => revokeCertificate(ctx, m.id?.owner ?? "", m.id?.serial ?? ""),
    (m) => {
      if (!isAddress(m.id?.owner ?? "")) throw sdkError.invalidAddress("MsgRevoke: Invalid Owner Address");
      validateSerial(m.id?.serial ?? "");
    },
  ),
  "/cosmos.staking.v1beta1.MsgDelegate": handler(cosmos.MsgDelegate, (m) => m.delegatorAddress, 90_000, (ctx, _h, m) => {
    delegate(ctx, m.delegatorAddress, m.validatorAddress, BigInt(m.amount?.amount ?? "0"));
  }),
  "/cosmos.staking.v1beta1.MsgUndelegate": handler(cosmos.MsgUndelegate, (m) => m.delegatorAddress, 90_000, (ctx, _h, m) => {
    undelegate(ctx, m.delegatorAddress, m.validatorAddress, BigInt(m.amount?.amount ?? "0"));
  }),
  "/cosmos.distribution.v1beta1.MsgWithdrawDelegatorReward": handler(cosmos.MsgWithdrawDelegatorReward, (m) => m.delegatorAddress, 60_000, (ctx, _h, m) => {
    withdrawRewards(ctx, m.delegatorAddress, m.validatorAddress);
  }),
};

/** Response type URL of a message: "/x.y.MsgFoo" → "/x.y.MsgFooResponse" (all empty messages here). */
export const responseTypeUrl = (typeUrl: string): string => `${typeUrl}Response`;
