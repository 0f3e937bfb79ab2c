/**
 * Escrow runway and top-up against an in-process devnet, through the product's chain client: the runway
 * predicted between settlements equals what the chain settles; deposits by runway and by amount move the
 * funds as computed; overdrawn (settled or not yet), closed and short wallets are refused with the way out.
 */
import { rmSync } from "node:fs";
import { dirname } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChainClient } from "../../src/chain/chain-client.js";
import { getDeployment } from "../../src/chain/queries/index.js";
import { Dec } from "../../src/costs/decimal.js";
import { startDevnet, type Devnet } from "../../src/devnet/start-devnet.js";
import { AkashGpuError } from "../../src/errors/base.js";
import { closeDeployments, uactBalance } from "../../src/engine/close-deployments.js";
import { blocksIn } from "../../src/engine/escrow-runway.js";
import { INCLUSION_BLOCKS, planTopUp, readRunway, topUp } from "../../src/engine/top-up.js";
import { clientFor, everythingIn } from "../chain/helpers.js";
import { fleetWith, LUXE_PROVIDER } from "../devnet/devnet-harness.js";
import { createDeployments, labelledOrder, leaseFor, waitFor, type ValidAnalysis } from "./deployment-helpers.js";

const BLOCK_MS = 100;
/** Providers withdraw (settling the account) every PERIOD blocks of a lease. */
const PERIOD = 60;

let devnet: Devnet;
let chain: ChainClient;
let order: ValidAnalysis;
let fleetFile: string;
let leased: bigint;

beforeAll(async () => {
  fleetFile = fleetWith(LUXE_PROVIDER);
  devnet = await startDevnet({ blockTimeMs: BLOCK_MS, withdrawPeriodBlocks: PERIOD, providersFile: fleetFile });
  ({ client: chain } = await clientFor(devnet));
  order = await labelledOrder(BLOCK_MS, { team: "ml" });
  leased = (await createDeployments(chain, order, 1, 5_000_000n))[0]!;
  await leaseFor(chain, leased);
});

afterAll(async () => {
  await chain?.disconnect();
  await devnet?.stop();
  if (fleetFile) rmSync(dirname(fleetFile), { recursive: true, force: true });
});

const refusal = async (attempt: Promise<unknown>): Promise<string> => {
  const error = await attempt.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(AkashGpuError);
  return everythingIn(error);
};

describe("escrow runway from chain", () => {
  it("equals the hand computation, counts down between settlements, and predicts what the next settlement leaves", async () => {
    const first = await readRunway(chain, leased);
    const price = first.runway.pricePerBlock;
    const escrow = first.deployment.escrow!;
    // Hand computation: (funds − trunc(price × (height − settledAt))) ÷ price, in whole blocks.
    const handFunds = escrow.funds.amount.sub(price.mul(first.runway.height - escrow.settledAt).truncate(0));
    expect(first.runway.funds.toString()).toBe(handFunds.toString());
    expect(first.runway.blocksRemaining).toBe(handFunds.div(price).toBigInt());

    // Lazy: two heights within one settlement period — the chain's funds have not moved, the runway has.
    let earlier = first;
    const later = await waitFor("two reads between settlements", async () => {
      const next = await readRunway(chain, leased);
      if (next.runway.settledAt !== earlier.runway.settledAt) earlier = next; // a settlement came between: start over
      return next.runway.height > earlier.runway.height + 2 ? next : undefined;
    });
    expect(later.runway.settledFunds.toString()).toBe(earlier.runway.settledFunds.toString());
    const elapsed = later.runway.height - earlier.runway.height;
    expect(earlier.runway.blocksRemaining! - later.runway.blocksRemaining!).toBeGreaterThanOrEqual(BigInt(elapsed - 1));
    expect(earlier.runway.blocksRemaining! - later.runway.blocksRemaining!).toBeLessThanOrEqual(BigInt(elapsed + 1));

    // The provider's withdrawal settles the account: the chain's new funds are what the runway predicted for that height.
    const settled = await waitFor("a provider withdrawal", async () => {
      const deployment = await getDeployment(chain.sdk, { owner: chain.address, dseq: leased });
      return deployment!.escrow!.settledAt > later.runway.settledAt ? deployment!.escrow! : undefined;
    });
    const predicted = later.runway.settledFunds.sub(price.mul(settled.settledAt - later.runway.settledAt).truncate(0));
    expect(settled.funds.amount.toString()).toBe(predicted.toString());
  });

  it("detects an account that ran dry before the chain settles it, and after", async () => {
    const dear = await labelledOrder(BLOCK_MS, {}, { region: "lux-1", maxUsdPerHour: "1000" });
    const luxe = devnet.providers.find((p) => p.name === "luxe")!.owner;
    const [dseq] = await createDeployments(chain, dear, 1, 500_000n);
    await leaseFor(chain, dseq!, (bids) => bids.find((b) => b.id.provider === luxe));

    const unsettled = await waitFor("the funds to run out", async () => {
      const { runway } = await readRunway(chain, dseq!);
      return runway.state === "overdrawn" ? runway : undefined;
    });
    expect(unsettled.accountState).toBe("open"); // the chain has not noticed yet: no settlement since the lease
    expect(unsettled.funds.isNegative()).toBe(true);
    expect(unsettled.blocksRemaining).toBe(0n);
    const early = await refusal(planTopUp(chain, { dseq: dseq!, blockTimeMs: BLOCK_MS, amount: 1_000_000n }));
    expect(early).toContain("overdrawn");
    expect(early).toContain("does not bring the leases back");
    expect(early).toContain("deploy again");

    await waitFor("the settlement that finds it overdrawn", async () => ((await readRunway(chain, dseq!)).runway.accountState === "overdrawn" ? true : undefined));
    const late = await refusal(planTopUp(chain, { dseq: dseq!, blockTimeMs: BLOCK_MS, runwayMs: 3_600_000 }));
    expect(late).toMatch(/overdrawn|closed/);
    expect(late).toContain("deploy again");
  });
});

describe("top-up", () => {
  it("--runway deposits what the current lease prices need for that long, counted from the block it lands in", async () => {
    const runwayMs = 5 * 3_600_000; // more than the 5 ACT deposited pay for at about 50 uact a block
    const plan = await planTopUp(chain, { dseq: leased, blockTimeMs: BLOCK_MS, runwayMs });
    const target = blocksIn(runwayMs, BLOCK_MS);
    expect(plan.priceSource).toBe("leases");
    expect(plan.targetBlocks).toBe(target);
    const needed = plan.pricePerBlock.mul(target + INCLUSION_BLOCKS).sub(plan.before.funds);
    expect(plan.amount).toBe(needed.ceil(0).toBigInt());
    expect(plan.amount).toBeGreaterThan(0n);

    const walletBefore = await uactBalance(chain.sdk, chain.address);
    const result = await topUp(chain, plan);
    expect(result.tx).toBeDefined();
    expect(await uactBalance(chain.sdk, chain.address)).toBe(walletBefore - plan.amount);
    // The runway after it plus the blocks that passed is the target (+ the inclusion margin, − rounding).
    const passed = BigInt(result.after.height - plan.before.height);
    expect(result.after.blocksRemaining! + passed).toBeGreaterThanOrEqual(target + INCLUSION_BLOCKS - 1n);
    expect(result.after.blocksRemaining! + passed).toBeLessThanOrEqual(target + INCLUSION_BLOCKS);

    // Already that long: nothing to deposit, nothing sent.
    const again = await planTopUp(chain, { dseq: leased, blockTimeMs: BLOCK_MS, runwayMs: 60_000 });
    expect(again.amount).toBe(0n);
    expect((await topUp(chain, again)).tx).toBeUndefined();
  });

  it("--amount deposits exactly that: a new deposit on chain and the wallet that much poorer", async () => {
    const walletBefore = await uactBalance(chain.sdk, chain.address);
    const plan = await planTopUp(chain, { dseq: leased, blockTimeMs: BLOCK_MS, amount: 1_500_000n });
    expect(plan.amount).toBe(1_500_000n);
    expect(plan.blocksAfter).toBe(plan.before.funds.add(1_500_000n).div(plan.pricePerBlock).toBigInt());
    const { tx } = await topUp(chain, plan);
    expect(await uactBalance(chain.sdk, chain.address)).toBe(walletBefore - 1_500_000n);
    const deployment = await getDeployment(chain.sdk, { owner: chain.address, dseq: leased });
    expect(deployment!.escrow!.deposits).toContainEqual({ owner: chain.address, height: tx!.height, balance: { denom: "uact", amount: Dec.parse("1500000") } });
  });

  it("without a lease, runs at the groups' price ceilings", async () => {
    const [dseq] = await createDeployments(chain, order, 1, 500_000n);
    const plan = await planTopUp(chain, { dseq: dseq!, blockTimeMs: BLOCK_MS, runwayMs: 600_000 });
    const ceiling = (await getDeployment(chain.sdk, { owner: chain.address, dseq: dseq! }))!.groups[0]!.maxPrice!.amount;
    expect(plan.priceSource).toBe("ceiling");
    expect(plan.pricePerBlock.toString()).toBe(ceiling.toString());
    expect(plan.amount).toBe(ceiling.mul(blocksIn(600_000, BLOCK_MS) + INCLUSION_BLOCKS).sub(500_000n).ceil(0).toBigInt());
    await closeDeployments(chain, [dseq!]);
  });

  it("refuses a closed deployment and an unknown dseq; says how to mint ACT when the wallet is short", async () => {
    const [dseq] = await createDeployments(chain, order, 1, 500_000n);
    expect((await closeDeployments(chain, [dseq!])).closed).toEqual([dseq]);
    const closed = await refusal(planTopUp(chain, { dseq: dseq!, blockTimeMs: BLOCK_MS, amount: 1_000_000n }));
    expect(closed).toContain(`Deployment ${dseq} is closed`);
    expect(closed).toContain("deploy again");
    expect(await refusal(planTopUp(chain, { dseq: 12345n, blockTimeMs: BLOCK_MS, amount: 1n }))).toContain("No deployment 12345");

    const balance = await uactBalance(chain.sdk, chain.address);
    const short = await refusal(planTopUp(chain, { dseq: leased, blockTimeMs: BLOCK_MS, amount: balance + 2_500_000n }));
    expect(short).toContain("Not enough ACT for the top-up: 2.5 ACT missing");
    expect(short).toContain("akash-gpu wallet mint-act --amount 3");
  });
});
