/**
 * Topping up a deployment's escrow (akash.escrow.v1.MsgAccountDeposit): either to a wanted runway at the
 * current lease prices (the group price ceilings while nothing is leased), or by an exact amount.
 * A closed or overdrawn account is refused before anything is sent: the chain would take the deposit only to
 * pay the debt of an account whose leases are gone (see escrow-runway.ts), so the deployment must be redeployed.
 */
import type { EncodeObject } from "@cosmjs/proto-signing";
import { getBmeParams } from "../chain/bme-params.js";
import { msgDeposit } from "../chain/messages.js";
import { getDeployment, listLeases } from "../chain/queries/index.js";
import type { QuerySdk } from "../chain/query-sdk.js";
import type { Deployment, TxResult } from "../chain/types.js";
import { Dec } from "../costs/decimal.js";
import { AkashGpuError } from "../errors/base.js";
import { blocksIn, escrowRunway, type Runway } from "./escrow-runway.js";

export interface TopUpChain {
  readonly address: string;
  readonly sdk: QuerySdk;
  height(): Promise<number>;
  signAndBroadcast(messages: EncodeObject[], options?: { memo?: string }): Promise<TxResult>;
  /** Raw ABCI query: the bme params, for the smallest amount of ACT that can be minted. */
  abciQuery(path: string, request: Uint8Array): Promise<Uint8Array>;
}

/** `runwayMs`: top up to this much remaining runway; `amount`: deposit exactly this (in the account's denomination). */
export type TopUpRequest = { dseq: bigint; blockTimeMs: number } & ({ runwayMs: number; amount?: undefined } | { amount: bigint; runwayMs?: undefined });

export type TopUpPlan = {
  dseq: bigint;
  denom: string;
  /** What would be deposited; 0 when the runway asked for is already there. */
  amount: bigint;
  before: Runway;
  /** The rate the runway after the deposit is computed at. */
  pricePerBlock: Dec;
  priceSource: "leases" | "ceiling";
  /** With `runwayMs`: the blocks wanted (counted from the block the deposit lands in). */
  targetBlocks: bigint | undefined;
  /** Blocks the funds pay for after the deposit, at `pricePerBlock`; undefined at a price of zero. */
  blocksAfter: bigint | undefined;
  /** The wallet's balance in `denom`. */
  balance: bigint;
};

export type TopUpResult = { plan: TopUpPlan; tx: TxResult | undefined; after: Runway };

/** Blocks between reading the chain and the deposit's block: the target counts from where it lands. */
export const INCLUSION_BLOCKS = 2n;

export async function planTopUp(chain: TopUpChain, request: TopUpRequest): Promise<TopUpPlan> {
  const { deployment, runway } = await readRunway(chain, request.dseq);
  refuseDead(deployment, runway);
  const leased = !runway.pricePerBlock.isZero();
  const pricePerBlock = leased ? runway.pricePerBlock : ceilingOf(deployment);
  const targetBlocks = request.runwayMs !== undefined ? blocksIn(request.runwayMs, request.blockTimeMs) : undefined;
  let amount: bigint;
  if (targetBlocks !== undefined) {
    const wanted = pricePerBlock.mul(targetBlocks + INCLUSION_BLOCKS).sub(runway.funds);
    amount = wanted.isNegative() || wanted.isZero() ? 0n : wanted.ceil(0).toBigInt();
  } else {
    amount = request.amount!;
    if (amount <= 0n) throw new RangeError(`a top-up amount must be positive, got ${amount}`);
  }
  const fundsAfter = runway.funds.add(amount);
  const blocksAfter = pricePerBlock.isZero() ? undefined : fundsAfter.div(pricePerBlock).toBigInt();
  const balance = await balanceOf(chain.sdk, chain.address, runway.denom);
  const plan: TopUpPlan = { dseq: request.dseq, denom: runway.denom, amount, before: runway, pricePerBlock, priceSource: leased ? "leases" : "ceiling", targetBlocks, blocksAfter, balance };
  if (amount > balance) throw notEnough(plan, runway.denom === "uact" ? (await getBmeParams(chain)).minMintUact : 0n);
  return plan;
}

/** Sends the planned deposit (nothing when the amount is 0) and reads the runway after it. */
export async function topUp(chain: TopUpChain, plan: TopUpPlan, memo = "akash-gpu: top-up"): Promise<TopUpResult> {
  let tx: TxResult | undefined;
  if (plan.amount > 0n) {
    const message = msgDeposit({ signer: chain.address, owner: chain.address, dseq: plan.dseq, amount: { denom: plan.denom, amount: plan.amount } });
    tx = await chain.signAndBroadcast([message], { memo });
  }
  const { runway } = await readRunway(chain, plan.dseq);
  return { plan, tx, after: runway };
}

/** The deployment and its runway now; refuses a dseq the chain does not know for this wallet. */
export async function readRunway(chain: Pick<TopUpChain, "address" | "sdk" | "height">, dseq: bigint): Promise<{ deployment: Deployment; runway: Runway }> {
  const owner = chain.address;
  const [deployment, leases, height] = await Promise.all([getDeployment(chain.sdk, { owner, dseq }), listLeases(chain.sdk, { owner, dseq }), chain.height()]);
  if (!deployment) {
    throw new AkashGpuError(`No deployment ${dseq} of ${owner} on this chain`, {
      metaMessages: ["expected: the dseq of an open deployment of this wallet", "what to do next: `akash-gpu list` shows them; check --network and the wallet"],
    });
  }
  if (!deployment.escrow) {
    throw new AkashGpuError(`Deployment ${dseq} has no escrow account on chain`, { metaMessages: [`what to do next: close it (\`akash-gpu close ${dseq}\`) and deploy again`] });
  }
  return { deployment, runway: escrowRunway(deployment.escrow, leases, height) };
}

function refuseDead(deployment: Deployment, runway: Runway): void {
  const dseq = deployment.id.dseq;
  if (deployment.state === "closed" || runway.state === "closed") {
    throw new AkashGpuError(`Deployment ${dseq} is closed: a closed deployment cannot be topped up`, {
      metaMessages: ["found: the deployment and its escrow account are closed on chain (what was left was refunded)", "what to do next: deploy again (`akash-gpu deploy ...`)"],
    });
  }
  if (runway.state === "overdrawn") {
    const settled = runway.accountState === "overdrawn";
    throw new AkashGpuError(`Deployment ${dseq} ran out of escrow: its account is overdrawn`, {
      metaMessages: [
        settled
          ? `found: the chain marked the account overdrawn at height ${runway.settledAt}; its leases are closed (insufficient_funds)`
          : `found: funds as of height ${runway.height} are ${runway.funds.toString()} ${runway.denom} (${runway.accrued.toString()} owed since height ${runway.settledAt}); the providers' next withdrawal closes the leases`,
        "A deposit into an overdrawn account only pays the debt: it does not bring the leases back.",
        `what to do next: close it (\`akash-gpu close ${dseq}\`) and deploy again with a longer --runway`,
      ],
    });
  }
}

/** The most the open groups pay per block (their orders' ceilings): the rate until a lease sets the real one. */
function ceilingOf(deployment: Deployment): Dec {
  const groups = deployment.groups.filter((g) => g.state === "open");
  return (groups.length > 0 ? groups : deployment.groups).reduce((sum, g) => sum.add(g.maxPrice?.amount ?? Dec.zero), Dec.zero);
}

async function balanceOf(sdk: QuerySdk, address: string, denom: string): Promise<bigint> {
  const { balance } = await sdk.cosmos.bank.v1beta1.getBalance({ address, denom });
  return BigInt(balance?.amount ?? "0");
}

/** "12.5" ACT from uact: exact, without trailing zeros. */
export const actOf = (uact: bigint): string => Dec.from(uact).div(1_000_000).toString();

/** `minMintUact`: the chain's minimum mint (bme min_mint), below which `wallet mint-act` refuses an amount. */
function notEnough(plan: TopUpPlan, minMintUact: bigint): AkashGpuError {
  const missing = plan.amount - plan.balance;
  const lines = [`needed: ${plan.amount} ${plan.denom} for deployment ${plan.dseq}`, `found: ${plan.balance} ${plan.denom} in the wallet`];
  if (plan.denom === "uact") {
    const wholeUact = ((missing + 999_999n) / 1_000_000n) * 1_000_000n;
    const atMinimum = minMintUact > wholeUact;
    const command = `akash-gpu wallet mint-act --amount ${actOf(atMinimum ? minMintUact : wholeUact)}`;
    lines.push(`ACT cannot be sent between wallets: mint it by burning AKT with \`${command}\`${atMinimum ? " (the chain's minimum mint)" : ""}, then run the top-up again.`);
  } else {
    lines.push(`what to do next: fund the wallet with ${missing} ${plan.denom}`);
  }
  return new AkashGpuError(`Not enough ${plan.denom === "uact" ? "ACT" : plan.denom} for the top-up: ${plan.denom === "uact" ? `${actOf(missing)} ACT` : `${missing} ${plan.denom}`} missing`, { metaMessages: lines });
}
