/** The runway arithmetic against hand computations: lazy settlement, per-lease truncation, overdrawn, closed. */
import { describe, expect, it } from "vitest";
import type { EscrowAccount, Lease } from "../../src/chain/types.js";
import { Dec } from "../../src/costs/decimal.js";
import { blocksIn, blocksToHours, costPerHour, drawingLeases, escrowRunway } from "../../src/engine/escrow-runway.js";

const uact = (amount: string) => ({ denom: "uact", amount: Dec.parse(amount) });

function account(funds: string, settledAt: number, state: EscrowAccount["state"] = "open"): EscrowAccount {
  return { state, funds: uact(funds), transferred: uact("0"), settledAt, deposited: uact(funds) };
}

function lease(price: string, state: Lease["state"] = "active", provider = "akash1provider"): Lease {
  return { id: { owner: "akash1owner", dseq: 1n, gseq: 1, oseq: 1, provider, bseq: 1 }, state, price: uact(price), createdAt: 10, closedOn: 0 };
}

describe("escrowRunway", () => {
  it("right after a settlement: funds ÷ Σ prices, in whole blocks", () => {
    const runway = escrowRunway(account("1000000", 100), [lease("37"), lease("13", "active", "akash1other")], 100);
    expect(runway.pricePerBlock.toString()).toBe("50");
    expect(runway.accrued.toString()).toBe("0");
    expect(runway.funds.toString()).toBe("1000000");
    expect(runway.blocksRemaining).toBe(20_000n);
    expect(runway.state).toBe("open");
  });

  it("between settlements the chain's funds are stale: what accrued since settledAt is taken off first", () => {
    // Hand computation: (1,000,000 − (130 − 100) × 50) ÷ 50 = (1,000,000 − 1,500) ÷ 50 = 19,970.
    const runway = escrowRunway(account("1000000", 100), [lease("37"), lease("13", "active", "akash1other")], 130);
    expect(runway.accrued.toString()).toBe("1500");
    expect(runway.funds.toString()).toBe("998500");
    expect(runway.blocksRemaining).toBe(19_970n);
    // One block later, one block less: the runway counts down between settlements too.
    expect(escrowRunway(account("1000000", 100), [lease("37"), lease("13", "active", "akash1other")], 131).blocksRemaining).toBe(19_969n);
  });

  it("charges each lease rate × blocks truncated to whole units, as the chain's settlement does", () => {
    // 2.75 × 3 = 8.25 → 8 and 1.5 × 3 = 4.5 → 4: 12 accrued (the untruncated sum would be 12.75).
    const runway = escrowRunway(account("100", 0), [lease("2.75"), lease("1.5", "active", "akash1other")], 3);
    expect(runway.accrued.toString()).toBe("12");
    expect(runway.funds.toString()).toBe("88");
    expect(runway.blocksRemaining).toBe(20n); // 88 ÷ 4.25 = 20.7
  });

  it("only leases whose payment is open draw; without one the runway is unbounded (undefined)", () => {
    const closed = { ...lease("500", "closed"), payment: { state: "closed", withdrawn: uact("0"), balance: uact("0"), settledAt: 0 } };
    expect(drawingLeases([lease("1", "reclaiming"), lease("1", "insufficient_funds"), closed])).toHaveLength(1);
    const runway = escrowRunway(account("5000", 0), [closed], 1000);
    expect(runway.pricePerBlock.isZero()).toBe(true);
    expect(runway.blocksRemaining).toBeUndefined();
    expect(runway.funds.toString()).toBe("5000");
  });

  it("overdrawn when the funds as of now are negative, even while the chain still shows the account open", () => {
    // 1,000 − 30 × 50 = −500: the next settlement (a provider's withdrawal) marks it overdrawn.
    const runway = escrowRunway(account("1000", 100), [lease("50")], 130);
    expect(runway.accountState).toBe("open");
    expect(runway.state).toBe("overdrawn");
    expect(runway.funds.toString()).toBe("-500");
    expect(runway.blocksRemaining).toBe(0n);
    // Exactly used up is not overdrawn yet: zero blocks left.
    expect(escrowRunway(account("1000", 100), [lease("50")], 120)).toMatchObject({ state: "open", blocksRemaining: 0n });
  });

  it("an account the chain marked overdrawn or closed does not accrue further", () => {
    const overdrawn = escrowRunway(account("-250", 100, "overdrawn"), [lease("50")], 400);
    expect(overdrawn).toMatchObject({ state: "overdrawn", accountState: "overdrawn", blocksRemaining: 0n });
    expect(overdrawn.funds.toString()).toBe("-250");
    expect(overdrawn.accrued.isZero()).toBe(true);
    expect(escrowRunway(account("0", 100, "closed"), [], 400)).toMatchObject({ state: "closed", blocksRemaining: 0n });
  });
});

describe("conversions", () => {
  it("cost per hour and hours from blocks at the measured block time; runway durations round up to whole blocks", () => {
    expect(costPerHour(Dec.parse("50"), 6000).toString()).toBe("30000"); // 600 blocks an hour
    expect(costPerHour(Dec.parse("1.5"), 300).toString()).toBe("18000"); // 12,000 blocks an hour
    expect(blocksToHours(1200n, 6000).toString()).toBe("2");
    expect(blocksIn(48 * 3_600_000, 6000)).toBe(28_800n);
    expect(blocksIn(1000, 300)).toBe(4n);
  });
});
