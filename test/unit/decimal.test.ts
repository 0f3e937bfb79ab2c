import { describe, expect, it } from "vitest";
import { Dec } from "../../src/costs/decimal.js";
import { blocksPerHour, uactPerBlockToUsdPerHour, usdPerHourToUactPerBlock } from "../../src/costs/price.js";

describe("Dec", () => {
  it("parses and prints exact decimals, including 18-digit chain amounts", () => {
    expect(Dec.parse("3333.333333333333333333").toString()).toBe("3333.333333333333333333");
    expect(Dec.parse("0.500000000000000000").toString()).toBe("0.5");
    expect(Dec.parse("12").toFixed18()).toBe("12.000000000000000000");
    expect(Dec.parse("-1.25").toString()).toBe("-1.25");
  });

  it("does arithmetic without floating point error", () => {
    expect(Dec.parse("0.1").add("0.2").toString()).toBe("0.3");
    expect(Dec.parse("1000000").mul("0.000000000000000001").toString()).toBe("0.000000000001");
    expect(Dec.parse("2").div(3).toString()).toBe("0.666666666666666666");
    expect(Dec.parse("10").sub("10.000000000000000001").toString()).toBe("-0.000000000000000001");
  });

  it("truncates and rounds up at a given number of digits", () => {
    expect(Dec.parse("1.2345678").truncate(6).toString()).toBe("1.234567");
    expect(Dec.parse("1.2345671").ceil(6).toString()).toBe("1.234568");
    expect(Dec.parse("1.234567").ceil(6).toString()).toBe("1.234567");
    expect(Dec.parse("7.9").toBigInt()).toBe(7n);
  });

  it("refuses what is not a number", () => {
    expect(() => Dec.parse("1e5")).toThrow(/not a decimal/);
    expect(() => Dec.parse("abc")).toThrow(/not a decimal/);
    expect(() => Dec.from(Number.NaN)).toThrow(/finite/);
    expect(() => Dec.parse("1").div(0)).toThrow(/division by zero/);
  });

  it("takes numbers through their decimal text, including exponent forms", () => {
    expect(Dec.from(0.1).toString()).toBe("0.1");
    expect(Dec.from(1e-7).toString()).toBe("0.0000001");
    expect(Dec.from(1e21).toString()).toBe("1000000000000000000000");
  });
});

describe("per-block prices", () => {
  const mainnet = { blockTimeMs: 6000, actUsd: Dec.parse("1") };

  it("counts 600 blocks an hour at 6 s and 3600 at 1 s", () => {
    expect(blocksPerHour(6000).toString()).toBe("600");
    expect(blocksPerHour(1000).toString()).toBe("3600");
    expect(blocksPerHour(6098).toString()).toBe("590.357494260413250245");
  });

  it("turns $2/h into uact per block, never above the ceiling", () => {
    const perBlock = usdPerHourToUactPerBlock(Dec.parse("2"), mainnet);
    expect(perBlock.toString()).toBe("3333.333333");
    expect(uactPerBlockToUsdPerHour(perBlock, mainnet).cmp("2")).toBe(-1);
  });

  it("applies the ACT peg", () => {
    const offPeg = { blockTimeMs: 6000, actUsd: Dec.parse("0.5") };
    expect(usdPerHourToUactPerBlock(Dec.parse("1"), offPeg).toString()).toBe("3333.333333");
    expect(uactPerBlockToUsdPerHour(Dec.parse("1000"), offPeg).toString()).toBe("0.3");
  });
});
