/** `akash-gpu top-up <dseq> --runway 48h | --amount <ACT>`: deposit into a deployment's escrow account. */
import { parseDuration } from "../../config/duration.js";
import { Dec } from "../../costs/decimal.js";
import { UACT_PER_ACT } from "../../costs/price.js";
import { InvalidInputError } from "../../errors/invalid-input.js";
import { blocksToHours, type Runway } from "../../engine/escrow-runway.js";
import { actOf, planTopUp, topUp, type TopUpRequest } from "../../engine/top-up.js";
import { onChain } from "../connect.js";
import type { CommandContext } from "../main.js";
import { printJson } from "../progress.js";
import { parseDseq } from "./dseq.js";

type Flags = { runway?: string; amount?: string; dryRun?: boolean; json?: boolean; output?: string };

export async function topUpCommand(dseqText: string, flags: Flags, globals: Record<string, unknown>, { io }: CommandContext): Promise<void> {
  const dseq = parseDseq(dseqText);
  const wanted = parseTopUpFlags(flags);
  await onChain(io, globals, flags, async ({ output, mode, session, blockTime }) => {
    const { chain } = session;
    const request: TopUpRequest = { dseq, blockTimeMs: blockTime.ms, ...wanted };
    const plan = await planTopUp(chain, request);
    const hours = (blocks: bigint | undefined) => (blocks === undefined ? null : Number(blocksToHours(blocks, blockTime.ms).toNumber().toFixed(2)));
    const runwayJson = (runway: Runway) => ({ state: runway.state, funds: { denom: runway.denom, amount: runway.funds.toString() }, blocks: runway.blocksRemaining?.toString() ?? null, hours: hours(runway.blocksRemaining), height: runway.height });
    const base = {
      dseq: dseq.toString(),
      deposit: { denom: plan.denom, amount: plan.amount.toString() },
      pricePerBlock: { denom: plan.denom, amount: plan.pricePerBlock.toString(), source: plan.priceSource },
      before: runwayJson(plan.before),
      blockTimeMs: Math.round(blockTime.ms),
    };
    const priceNote = `${plan.pricePerBlock} ${plan.denom}/block (${plan.priceSource === "leases" ? "the leases' prices" : "the groups' price ceilings: no lease yet"}) at ${Math.round(blockTime.ms)} ms blocks`;
    const beforeText = `${actOf(plan.before.funds.toBigInt())} ACT, ${plan.before.blocksRemaining === undefined ? "no lease drawing from it" : `${hours(plan.before.blocksRemaining)} h of runway`}`;
    if (flags.dryRun) {
      const json = { ...base, dryRun: true, expectedAfter: { blocks: plan.blocksAfter?.toString() ?? null, hours: hours(plan.blocksAfter) }, balance: { denom: plan.denom, amount: plan.balance.toString() } };
      if (mode !== "human") return printJson(output, mode, json);
      output.out(plan.amount === 0n ? `deployment ${dseq} already has the runway asked for: nothing to deposit` : `would deposit ${actOf(plan.amount)} ACT (${plan.amount} ${plan.denom}) into deployment ${dseq}`);
      output.out(`  now: ${beforeText}; after: about ${hours(plan.blocksAfter) ?? "-"} h at ${priceNote}`);
      output.out(`  the wallet holds ${actOf(plan.balance)} ACT; nothing was sent (--dry-run)`);
      return;
    }
    const result = await topUp(chain, plan);
    if (mode !== "human") return printJson(output, mode, { ...base, tx: result.tx?.hash ?? null, after: runwayJson(result.after) });
    if (!result.tx) output.out(`deployment ${dseq} already has the runway asked for (${beforeText}): nothing deposited`);
    else {
      output.out(`deposited ${actOf(plan.amount)} ACT (${plan.amount} ${plan.denom}) into deployment ${dseq} in tx ${result.tx.hash}`);
      output.out(`  before: ${beforeText}; now: ${actOf(result.after.funds.toBigInt())} ACT, ${hours(result.after.blocksRemaining) ?? "-"} h at ${priceNote}`);
    }
  });
}

function parseTopUpFlags(flags: Flags): { runwayMs: number } | { amount: bigint } {
  if ((flags.runway === undefined) === (flags.amount === undefined)) {
    throw new InvalidInputError("Say how much to top up", [{ field: "--runway / --amount", found: flags.runway === undefined ? "neither" : "both", expected: "one of them: --runway 48h (up to that much runway at the current prices) or --amount 5 (exactly 5 ACT)" }]);
  }
  if (flags.runway !== undefined) {
    const ms = parseDuration(flags.runway);
    if (ms === undefined || ms <= 0) throw new InvalidInputError("Invalid runway", [{ field: "--runway", found: flags.runway, expected: "a duration such as 48h, 90m or 2d" }]);
    return { runwayMs: ms };
  }
  const text = flags.amount!.trim();
  if (!/^\d+(\.\d{1,6})?$/.test(text) || Dec.parse(text).isZero()) {
    throw new InvalidInputError("Invalid amount", [{ field: "--amount", found: flags.amount!, expected: "a positive number of ACT with at most 6 decimals (1 ACT = 1,000,000 uact), e.g. 5 or 2.5" }]);
  }
  return { amount: Dec.parse(text).mul(UACT_PER_ACT).toBigInt() };
}
