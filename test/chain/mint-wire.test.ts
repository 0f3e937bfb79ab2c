/**
 * What a mint depends on that chain-sdk alpha.25 cannot read: bme Params' min_mint (field 9) and
 * max_pending_attempts (10), from bytes written out by hand from akash/bme/v1/params.proto; and the
 * EventLedgerRecordCanceled of a mint, as mainnet's typed events write it (each attribute its field's JSON)
 * and as plain text.
 */
import { describe, expect, it } from "vitest";
import { decodeBmeParams } from "../../src/chain/bme-params.js";
import { CANCELED_EVENT, cancellationIn, MintCanceledError } from "../../src/chain/mint-canceled.js";
import type { TxEvent } from "../../src/chain/types.js";
import { field as message, varint } from "../../src/devnet/chain/queries/proto-wire.js";

const text = (field: number, value: string) => message(field, [...Buffer.from(value)]);
const number = (field: number, value: bigint) => [...varint(BigInt(field << 3)), ...varint(value)];
const coin = (denom: string, amount: string) => message(9, [...text(1, denom), ...text(2, amount)]);
const response = (params: number[]) => new Uint8Array(message(1, params));

describe("bme params from the wire", () => {
  it("reads min_mint per denomination, max_pending_attempts, the epoch and the spread", () => {
    const params = [
      ...number(1, 9500n), ...number(2, 9000n), ...number(3, 10n), ...number(4, 10n), ...number(6, 25n), ...number(8, 50n),
      ...coin("uakt", "5000000"), ...coin("uact", "10000000"), ...number(10, 3n),
    ];
    expect(decodeBmeParams(response(params))).toEqual({
      epochBlocks: 10, spreadBps: 25, minMintUact: 10_000_000n, maxPendingAttempts: 3, source: "chain",
      minMint: [{ denom: "uakt", amount: 5_000_000n }, { denom: "uact", amount: 10_000_000n }],
    });
  });

  it("a node before v2.1 (no field 9): no minimum; a zero epoch (the node refuses it) falls back to 10 blocks", () => {
    expect(decodeBmeParams(response([...number(6, 30n)]))).toMatchObject({ minMintUact: 0n, minMint: [], spreadBps: 30, epochBlocks: 10, maxPendingAttempts: 0 });
  });

  it("refuses malformed bytes instead of guessing", () => {
    expect(() => decodeBmeParams(new Uint8Array([0x0a, 0x05, 0x48]))).toThrow(RangeError);
    expect(() => decodeBmeParams(response(coin("uact", "ten")))).toThrow(/min_mint amount/);
  });
});

describe("EventLedgerRecordCanceled of our mint", () => {
  const OWNER = "akash1owner";
  const request = { owner: OWNER, burnUakt: 8_100_251n, height: 120 };
  const event = (attributes: Record<string, string>): TxEvent => ({ type: CANCELED_EVENT, attributes: Object.entries(attributes).map(([key, value]) => ({ key, value })) });
  /** As cosmos-sdk's TypedEventToEvent writes it: keys sorted, values JSON, plus the end blocker's mode. */
  const mainnet = (fields: { reason?: string | number; owner?: string; amount?: string; height?: string }) =>
    event({
      cancel_reason: JSON.stringify(fields.reason ?? "minimum_mint"),
      coins_to_burn: JSON.stringify({ denom: "uakt", amount: fields.amount ?? "8100251" }),
      denom_to_mint: JSON.stringify("uact"),
      id: JSON.stringify({ denom: "uakt", to_denom: "uact", source: fields.owner ?? OWNER, height: fields.height ?? "120", sequence: "1" }),
      owner: JSON.stringify(fields.owner ?? OWNER),
      to: JSON.stringify(fields.owner ?? OWNER),
      mode: "EndBlock",
    });

  it("finds it among a block's events in mainnet's JSON form, with the reason", () => {
    const other = { type: "akash.bme.v1.EventLedgerRecordExecuted", attributes: [{ key: "burned_from", value: JSON.stringify(OWNER) }] };
    expect(cancellationIn([other, mainnet({})], request)).toEqual({ reason: "minimum_mint", refundedUakt: 8_100_251n });
    expect(cancellationIn([mainnet({ reason: "max_attempts" })], request)?.reason).toBe("max_attempts");
    expect(cancellationIn([mainnet({ reason: 9 })], request)?.reason).toBe("max_attempts"); // enums printed as numbers
  });

  it("and in plain text (the embedded devnet's form)", () => {
    const plain = event({ cancel_reason: "minimum_mint", owner: OWNER, to: OWNER, coins_to_burn: "8100251uakt", denom_to_mint: "uact" });
    expect(cancellationIn([plain], request)).toEqual({ reason: "minimum_mint", refundedUakt: 8_100_251n });
  });

  it("ignores other wallets' records, other amounts, and a record of another height", () => {
    expect(cancellationIn([mainnet({ owner: "akash1other" })], request)).toBeUndefined();
    expect(cancellationIn([mainnet({ amount: "8100250" })], request)).toBeUndefined();
    expect(cancellationIn([mainnet({ height: "119" })], request)).toBeUndefined();
    expect(cancellationIn([], request)).toBeUndefined();
  });

  it("the error says the AKT was refunded, why, and what to do", () => {
    const stale = new MintCanceledError({ cancellation: { reason: "max_attempts", refundedUakt: 8_100_251n }, txHash: "AB12", requestHeight: 120, canceledAt: 132, minMintUact: 10_000_000n });
    expect(stale.shortMessage).toBe("The chain cancelled the mint of tx AB12 and refunded the 8.100251 AKT: the oracle had no fresh AKT price for the chain's max_pending_attempts blocks: minting is paused while the oracle price is stale");
    expect(stale.message).toContain("what to do next: try again later");
    expect(stale).toMatchObject({ reason: "max_attempts", refundedUakt: 8_100_251n, txHash: "AB12", canceledAt: 132 });

    const small = new MintCanceledError({ cancellation: { reason: "minimum_mint", refundedUakt: 1n }, txHash: "CD", requestHeight: 1, canceledAt: 11, minMintUact: 10_000_000n });
    expect(small.shortMessage).toContain("below the chain's minimum mint (bme min_mint: 10 ACT)");
    expect(small.message).toContain("mint at least 10 ACT");
  });
});
