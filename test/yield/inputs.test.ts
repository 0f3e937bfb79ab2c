/** The pure parts of yield: addresses, the cutover setting and its status, the APR formula, chain encodings. */
import { describe, expect, it } from "vitest";
import { toBech32 } from "@cosmjs/encoding";
import { loadConfig } from "../../src/config/load.js";
import { ConfigError } from "../../src/config/errors.js";
import { Dec } from "../../src/costs/decimal.js";
import { InvalidInputError } from "../../src/errors/invalid-input.js";
import { coinAmount, computeApr, cutoverFromText, cutoverStatus, legacyDecOfBytes, parseDelegatorAddress, parseEvmPositions, parseStakingCutover } from "../../src/yield/index.js";
import { tempDir } from "../temp-dir.js";

const DATA = new Uint8Array(20).fill(7);
const AKASH = toBech32("akash", DATA);

describe("parseDelegatorAddress", () => {
  it("accepts an akash1… account address and lower-cases it", () => {
    expect(parseDelegatorAddress(` ${AKASH.toUpperCase()} `)).toBe(AKASH);
  });

  it.each([
    ["another chain's address", toBech32("cosmos", DATA), 'prefix "cosmos"'],
    ["a validator operator address", toBech32("akashvaloper", DATA), "validator operator address"],
    ["a 32-byte address", toBech32("akash", new Uint8Array(32)), "32 bytes"],
    ["a typo (bad checksum)", `${AKASH.slice(0, -1)}${AKASH.endsWith("q") ? "p" : "q"}`, AKASH.slice(0, 10)],
    ["an empty value", "", "an empty value"],
  ])("refuses %s, naming the field and the akash1… form", (_what, text, found) => {
    const error = (() => {
      try {
        parseDelegatorAddress(text, "--address");
      } catch (e) {
        return e;
      }
    })() as InvalidInputError;
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.problems[0]!.field).toBe("--address");
    expect(error.problems[0]!.found).toContain(found);
    expect(error.problems[0]!.expected).toContain("akash1…");
  });
});

describe("the staking cutover", () => {
  it("reads a date, a UTC time or a height", () => {
    expect(cutoverFromText("2027-03-01")).toEqual({ kind: "time", time: new Date("2027-03-01T00:00:00Z") });
    expect(cutoverFromText("2027-03-01T12:30:00+02:00")).toEqual({ kind: "time", time: new Date("2027-03-01T10:30:00Z") });
    expect(cutoverFromText("25000000")).toEqual({ kind: "height", height: 25_000_000 });
  });

  it.each(["2027-02-31", "2027-03-01T12:00", "0", "-5", "next week", "1.5", ""])("refuses %j", (text) => {
    expect(cutoverFromText(text)).toBeUndefined();
    expect(() => parseStakingCutover(text, "--staking-cutover")).toThrow(InvalidInputError);
  });

  it("is a setting: flag, variable or config file, validated", () => {
    const cwd = tempDir("cutover");
    expect(loadConfig({ cwd, env: { AKASH_STAKING_CUTOVER: "2027-03-01" } }).stakingCutover).toEqual({ kind: "time", time: new Date("2027-03-01T00:00:00Z") });
    expect(loadConfig({ cwd, env: {}, flags: { stakingCutover: "123" } }).stakingCutover).toEqual({ kind: "height", height: 123 });
    expect(loadConfig({ cwd, env: {} }).stakingCutover).toBeUndefined();
    const error = (() => {
      try {
        loadConfig({ cwd, env: { AKASH_STAKING_CUTOVER: "soon" } });
      } catch (e) {
        return e;
      }
    })() as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain("AKASH_STAKING_CUTOVER");
    expect(error.message).toContain("ISO date");
  });

  const head = { height: 1000, time: new Date("2027-01-01T00:00:00Z") };

  it("places a height cutover in time and a date cutover in blocks", () => {
    const byHeight = cutoverStatus({ kind: "height", height: 1000 + 14_400 * 3 }, head, 6000);
    expect(byHeight).toMatchObject({ at: "height 44200", reached: false, height: 44_200, time: "2027-01-04T00:00:00.000Z", estimated: "time" });
    expect(byHeight.daysLeft.toString()).toBe("3");
    expect(byHeight.note).toBe("AKT staking rewards end at the Solana migration cutover (height 44200, about 2027-01-04T00:00Z): projections stop there.");

    const byTime = cutoverStatus({ kind: "time", time: new Date("2027-01-01T12:00:00Z") }, head, 6000);
    expect(byTime).toMatchObject({ at: "2027-01-01T12:00:00.000Z", reached: false, height: 1000 + 7200, estimated: "height" });
    expect(byTime.daysLeft.toString()).toBe("0.5");
  });

  it("is reached at its height or time, from the chain's head", () => {
    expect(cutoverStatus({ kind: "height", height: 1000 }, head, 6000)).toMatchObject({ reached: true });
    expect(cutoverStatus({ kind: "height", height: 1000 }, head, 6000).daysLeft.isZero()).toBe(true);
    expect(cutoverStatus({ kind: "height", height: 1001 }, head, 6000)).toMatchObject({ reached: false });
    const at = cutoverStatus({ kind: "time", time: head.time }, head, 6000);
    expect(at.reached).toBe(true);
    expect(at.note).toContain("has been reached");
  });
});

describe("APR and chain encodings", () => {
  it("computes inflation × (1 − community tax) × supply ÷ bonded exactly", () => {
    // 13% × 98% × 250M ÷ 100M = 0.3185
    expect(computeApr({ inflation: Dec.parse("0.13"), communityTax: Dec.parse("0.02"), totalSupply: Dec.from(250_000_000_000_000n), bondedTokens: Dec.from(100_000_000_000_000n) }).toString()).toBe("0.3185");
    expect(computeApr({ inflation: Dec.parse("0.13"), communityTax: Dec.parse("0.02"), totalSupply: Dec.from(1n), bondedTokens: Dec.zero }).isZero()).toBe(true);
  });

  it("reads Query/Inflation's LegacyDec bytes", () => {
    const bytes = (text: string) => new TextEncoder().encode(text);
    expect(legacyDecOfBytes(bytes("130000000000000000")).toString()).toBe("0.13");
    expect(legacyDecOfBytes(bytes("1500000000000000000")).toString()).toBe("1.5");
    expect(legacyDecOfBytes(bytes("7")).toString()).toBe("0.000000000000000007");
    expect(legacyDecOfBytes(bytes("0.040000000000000000")).toString()).toBe("0.04");
    expect(() => legacyDecOfBytes(bytes("NaN"))).toThrow(/mint inflation/);
  });

  it("takes the bond denomination out of an event's coins text", () => {
    expect(coinAmount("1234uakt", "uakt").toString()).toBe("1234");
    expect(coinAmount("5ibc/27394FB092D2ECCD56123C74F36E4C1F926001CEADA9CA97EA622B25F41E5EB2,7uakt", "uakt").toString()).toBe("7");
    expect(coinAmount("", "uakt").isZero()).toBe(true);
    expect(coinAmount("0uakt", "uakt").isZero()).toBe(true);
  });
});

describe("parseEvmPositions", () => {
  const vault = "0x" + "ab".repeat(20);
  it("reads ERC-4626 and Morpheus entries", () => {
    expect(parseEvmPositions([
      { kind: "erc4626", name: "vault", rpcUrl: "http://127.0.0.1:8545", vault, owner: vault, fromBlock: 12 },
      { kind: "morpheus", rpcUrl: "https://rpc.example", distribution: vault, poolId: "0", user: vault },
    ])).toEqual([
      { kind: "erc4626", name: "vault", rpcUrl: "http://127.0.0.1:8545", vault, owner: vault, fromBlock: 12n, path: "yield.evm[0]" },
      { kind: "morpheus", name: undefined, rpcUrl: "https://rpc.example", distribution: vault, poolId: 0n, user: vault, path: "yield.evm[1]" },
    ]);
    expect(parseEvmPositions(undefined)).toEqual([]);
  });

  it("names every bad field by its path", () => {
    const error = (() => {
      try {
        parseEvmPositions([{ kind: "erc4626", rpcUrl: "ftp://x", vault: "0x12", owner: vault }, { kind: "staking" }], "evm");
      } catch (e) {
        return e;
      }
    })() as InvalidInputError;
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.problems.map((p) => p.field)).toEqual(["evm[0].rpcUrl", "evm[0].vault", "evm[1].rpcUrl", "evm[1].kind"]);
  });
});
