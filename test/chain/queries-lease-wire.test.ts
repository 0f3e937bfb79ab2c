/**
 * Decoding node v2.1's Lease.reclamation (field 7) from raw QueryLeasesResponse bytes, with bytes written
 * out by hand from akash/market/v1/{lease,reclamation}.proto — and why it is needed: chain-sdk alpha.25's
 * generated decoder reads state 4 as a number but drops field 7.
 */
import { Lease, Lease_State } from "@akashnetwork/chain-sdk/private-types/akash.v1";
import { QueryLeasesResponse } from "@akashnetwork/chain-sdk/private-types/akash.v1beta5";
import { describe, expect, it } from "vitest";
import { reclamationsOf } from "../../src/chain/queries/lease-wire.js";
import { field as message, varint } from "../../src/devnet/chain/queries/proto-wire.js";

const number = (field: number, value: bigint) => [...varint(BigInt(field << 3)), ...varint(value)];

/** Lease{id, state, price, created_at, closed_on} as alpha.25 encodes it, plus optional extra fields. */
const leaseBytes = (state: number, extra: number[] = []) => [
  ...Lease.encode(Lease.fromPartial({ id: { owner: "akash1owner", dseq: 42n, gseq: 1, oseq: 1, provider: "akash1provider", bseq: 0 }, state, price: { denom: "uact", amount: "12.5" }, createdAt: 100n })).finish(),
  ...extra,
];
const reclamation = (window: bigint, startedAt: bigint, deadline: bigint, reason: bigint) => [...message(1, number(1, window)), ...number(2, startedAt), ...number(3, deadline), ...number(4, reason)];
const response = (...leases: number[][]) => new Uint8Array([...leases.flatMap((lease) => message(1, message(1, lease))), ...message(2, message(1, [0x6b]))]);

describe("reclamationsOf", () => {
  it("reads window, start height, deadline and reason of each lease that has one, in order", () => {
    const bytes = response(
      leaseBytes(1),
      leaseBytes(4, message(7, reclamation(86_400n, 120n, 1_780_000_000n, 10_001n))),
      leaseBytes(1, message(7, reclamation(172_800n, 0n, 0n, 0n))),
    );
    expect(reclamationsOf(bytes)).toEqual([
      undefined,
      { windowSeconds: 86_400, startedAt: 120, deadline: 1_780_000_000, reason: 10_001 },
      { windowSeconds: 172_800, startedAt: 0, deadline: 0, reason: 0 },
    ]);
  });

  it("chain-sdk alpha.25 decodes the same bytes with state 4 as a bare number and without field 7", () => {
    const bytes = response(leaseBytes(4, message(7, reclamation(60n, 7n, 1_780_000_000n, 10_001n))));
    const decoded = QueryLeasesResponse.decode(bytes);
    expect(decoded.leases[0]!.lease!.state as number).toBe(4);
    expect(Lease_State[4]).toBeUndefined();
    expect(Object.keys(decoded.leases[0]!.lease!)).not.toContain("reclamation");
    expect(decoded.leases[0]!.lease!.price).toEqual({ denom: "uact", amount: "12.5" });
    expect(new TextDecoder().decode(decoded.pagination!.nextKey)).toBe("k");
  });

  it("reads an empty answer as no leases, and refuses truncated bytes", () => {
    expect(reclamationsOf(new Uint8Array())).toEqual([]);
    const bytes = response(leaseBytes(4, message(7, reclamation(60n, 7n, 8n, 1n))));
    expect(() => reclamationsOf(bytes.subarray(0, bytes.length - 8))).toThrow(/malformed protobuf/);
  });
});
