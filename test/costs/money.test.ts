/**
 * Money conversion against hand-computed cases. Expected values were worked out with exact fractions and
 * truncated at 18 decimals (as Dec does); the arithmetic is shown beside each.
 */
import { describe, expect, it } from "vitest";
import { Dec } from "../../src/costs/decimal.js";
import { DENOMS, needsAktPrice, toTokens, toUsd, USDC_IBC_DENOM, valueInUsd, type UsdPrices } from "../../src/costs/denoms.js";
import { AktPriceUnavailableError, UnknownDenomError } from "../../src/costs/errors.js";
import { formatUsdExact } from "../../src/costs/format.js";
import { blocksIn, DAYS_PER_MONTH, leaseRate, perBlockToPerHour, perBlockToPerMonth } from "../../src/costs/rates.js";
import { roundHalfEven, roundHalfUp, toFixedText } from "../../src/costs/round.js";

const peg: UsdPrices = { actUsd: Dec.from(1) };
const d = (text: string) => Dec.parse(text);

describe("denominations", () => {
  it("knows uact, uakt and the legacy axlUSDC IBC denom, 6 decimals each", () => {
    expect(Object.keys(DENOMS).sort()).toEqual(["ibc/170C677610AC31DF0904FFE09CD3B5C657492170E7E52372E48756B71E56F2F1", "uact", "uakt"]);
    expect(toTokens(d("2500000"), "uakt").toString()).toBe("2.5");
    expect(toTokens(d("1"), USDC_IBC_DENOM).toString()).toBe("0.000001");
  });

  it("values uact at the ACT peg, and at an overridden peg", () => {
    expect(toUsd(d("1000000"), "uact", peg).toString()).toBe("1");
    expect(toUsd(d("1000000"), "uact", { actUsd: d("1.01") }).toString()).toBe("1.01");
    // 18-decimal amount: 0.000000000000000001 uact is 1e-24 USD, below Dec's 1e-18: truncated to 0, never rounded up.
    expect(toUsd(d("0.000000000000000001"), "uact", peg).toString()).toBe("0");
    // 1,234,567.891234567891234567 uact = 1.234567891234567891 USD (digits below 1e-18 USD dropped)
    expect(toUsd(d("1234567.891234567891234567"), "uact", peg).toString()).toBe("1.234567891234567891");
  });

  it("values uakt at the AKT price, given as a Dec or as a resolved AktPrice", () => {
    // 2,000,000 uakt = 2 AKT × $0.5434716 = $1.0869432
    expect(toUsd(d("2000000"), "uakt", { ...peg, aktUsd: d("0.5434716") }).toString()).toBe("1.0869432");
    expect(toUsd(d("2000000"), "uakt", { ...peg, aktUsd: { price: d("0.5434716") } }).toString()).toBe("1.0869432");
  });

  it("values the legacy USDC IBC denom at 1 USD per USDC", () => {
    expect(toUsd(d("2500000"), USDC_IBC_DENOM, peg).toString()).toBe("2.5");
  });

  it("marks an unknown denom as unpriced, and toUsd throws a typed error naming the known ones", () => {
    const value = valueInUsd(d("5"), "ufoo", peg);
    expect(value).toMatchObject({ priced: false, code: "unknown-denom", denom: "ufoo" });
    expect(() => toUsd(d("5"), "ufoo", peg)).toThrow(UnknownDenomError);
    expect(() => toUsd(d("5"), "ibc/DEADBEEF", peg)).toThrow(/unknown denomination[\s\S]*expected: one of .*uact.*uakt/);
  });

  it("refuses uakt without an AKT price, naming --akt-usd, AKASH_AKT_USD and the price API setting", () => {
    const value = valueInUsd(d("5"), "uakt", peg);
    expect(value).toMatchObject({ priced: false, code: "no-akt-price" });
    let error: unknown;
    try {
      toUsd(d("5"), "uakt", peg);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AktPriceUnavailableError);
    expect((error as Error).message).toMatch(/--akt-usd/);
    expect((error as Error).message).toMatch(/AKASH_AKT_USD/);
    expect((error as Error).message).toMatch(/--price-api \/ AKASH_PRICE_API/);
    expect(needsAktPrice(["uact", "uakt"])).toBe(true);
    expect(needsAktPrice(["uact", USDC_IBC_DENOM])).toBe(false);
  });
});

describe("per block to per hour and per month", () => {
  it("at 6 s blocks: 600 blocks an hour, 438,292.8 a month of 30.437 days", () => {
    expect(DAYS_PER_MONTH.toString()).toBe("30.437");
    // 2.345 × 600 = 1407; 2.345 × 30.437 × 86400 / 6 = 2.345 × 438292.8 = 1,027,796.616
    expect(perBlockToPerHour(d("2.345"), 6000).toString()).toBe("1407");
    expect(perBlockToPerMonth(d("2.345"), 6000).toString()).toBe("1027796.616");
    expect(blocksIn(3_600_000, 6000).toString()).toBe("600");
  });

  it("keeps an 18-decimal per-block amount exact", () => {
    // 2.345000000000000001 × 600 = 1407.0000000000000006
    expect(perBlockToPerHour(d("2.345000000000000001"), 6000).toString()).toBe("1407.0000000000000006");
    // 3333.333333333333333333 × 600 = 1999999.9999999999999998 (exact, no float drift)
    expect(perBlockToPerHour(d("3333.333333333333333333"), 6000).toString()).toBe("1999999.9999999999999998");
    // …and in USD: 1.9999999999999999999998 truncated at 18 decimals
    expect(toUsd(perBlockToPerHour(d("3333.333333333333333333"), 6000), "uact", peg).toString()).toBe("1.999999999999999999");
  });

  it("at the Console UI's 6.098 s: one division, truncated at 18 decimals", () => {
    // 2.345 × 3,600,000 / 6098 = 8,442,000 / 6098 = 4,221,000 / 3049 = 1384.388324040669071826|83…
    expect(perBlockToPerHour(d("2.345"), 6098).toString()).toBe("1384.388324040669071826");
    // 2.345 × 2,629,756,800 / 6098 = 1,011,279.058051820268940636|…
    expect(perBlockToPerMonth(d("2.345"), 6098).toString()).toBe("1011279.058051820268940636");
  });

  it("reports the measured block time it used, or the configured default", () => {
    const measured = leaseRate({ denom: "uact", amount: "2.345" }, { ms: 6098.4, source: "chain" }, peg);
    // 8,442,000 / 6098.4 = 1384.297520661157024793|…
    expect(measured.perHour.toString()).toBe("1384.297520661157024793");
    expect(measured.blockTime).toEqual({ ms: 6098.4, source: "chain" });

    const fallback = leaseRate({ denom: "uact", amount: "2.345" }, 6098, peg, 4);
    expect(fallback.blockTime).toEqual({ ms: 6098, source: "config" });
    expect(fallback.usdPerHour).toMatchObject({ priced: true, denom: "uact" });
    // $0.001384388324040669 per hour over 4 GPUs = $0.000346097081010167|25 per GPU-hour
    expect(fallback.usdPerHour.priced && fallback.usdPerHour.usd.toString()).toBe("0.001384388324040669");
    expect(fallback.usdPerGpuHour?.toString()).toBe("0.000346097081010167");
    expect(fallback.usdPerMonth.priced && fallback.usdPerMonth.usd.toString()).toBe("1.011279058051820268");
  });

  it("prices a uakt lease with the AKT price, and marks it unpriced without one", () => {
    // 1000 uakt/block × 600 = 600,000 uakt/h = 0.6 AKT/h × $0.5434716 = $0.32608296/h
    const rate = leaseRate({ denom: "uakt", amount: "1000" }, 6000, { ...peg, aktUsd: d("0.5434716") }, 1);
    expect(rate.perHour.toString()).toBe("600000");
    expect(rate.usdPerHour.priced && rate.usdPerHour.usd.toString()).toBe("0.32608296");
    expect(rate.usdPerGpuHour?.toString()).toBe("0.32608296");

    const unpriced = leaseRate({ denom: "uakt", amount: "1000" }, 6000, peg, 1);
    expect(unpriced.usdPerHour).toMatchObject({ priced: false, code: "no-akt-price" });
    expect(unpriced.usdPerGpuHour).toBeUndefined();
    expect(unpriced.perHour.toString()).toBe("600000"); // the amount in uakt is still reported
  });

  it("prices a USDC lease and marks a lease in an unexpected denom", () => {
    // 5 uusdc/block × 600 = 3000 uusdc/h = $0.003/h
    const usdc = leaseRate({ denom: USDC_IBC_DENOM, amount: "5" }, 6000, peg);
    expect(usdc.usdPerHour.priced && usdc.usdPerHour.usd.toString()).toBe("0.003");
    const odd = leaseRate({ denom: "uatom", amount: "5" }, 6000, peg, 1);
    expect(odd.usdPerHour).toMatchObject({ priced: false, code: "unknown-denom" });
    expect(odd.usdPerHour.priced ? "" : odd.usdPerHour.reason).toMatch(/"uatom"/);
  });

  it("refuses a block time that is not a positive number", () => {
    expect(() => perBlockToPerHour(d("1"), 0)).toThrow(/positive/);
    expect(() => leaseRate({ denom: "uact", amount: "1" }, { ms: Number.NaN, source: "chain" }, peg)).toThrow(/positive/);
  });
});

describe("rounding for display", () => {
  it("rounds half up (away from zero) and half to even, exactly", () => {
    expect(roundHalfUp(d("1.005"), 2).toString()).toBe("1.01");
    expect(roundHalfUp(d("-1.005"), 2).toString()).toBe("-1.01");
    expect(roundHalfUp(d("1.004999999999999999"), 2).toString()).toBe("1");
    expect(roundHalfEven(d("1.005"), 2).toString()).toBe("1");
    expect(roundHalfEven(d("1.015"), 2).toString()).toBe("1.02");
    expect(roundHalfEven(d("1.0050000000000001"), 2).toString()).toBe("1.01");
    expect(roundHalfUp(d("0.000000000000000005"), 17).toString()).toBe("0.00000000000000001");
    expect(roundHalfUp(d("2.5"), 0).toString()).toBe("3");
    expect(roundHalfEven(d("2.5"), 0).toString()).toBe("2");
  });

  it("prints fixed digits and dollars without floating point", () => {
    expect(toFixedText(d("1407.0000000000000006"), 2)).toBe("1407.00");
    expect(toFixedText(d("0.001384388324040669"), 6)).toBe("0.001384");
    expect(toFixedText(d("0.0013845"), 6)).toBe("0.001385");
    expect(formatUsdExact(d("0.0149999"))).toBe("$0.01");
    expect(formatUsdExact(d("0.015"))).toBe("$0.02");
    expect(formatUsdExact(d("-12.345"), 2)).toBe("-$12.35");
    // 0.1 + 0.2 in floating point is 0.30000000000000004; exactly it is 0.3
    expect(formatUsdExact(d("0.1").add("0.2"), 17)).toBe("$0.30000000000000000");
  });
});
