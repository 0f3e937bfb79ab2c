/**
 * Lease fields node v2.1 added (AEP-82) that chain-sdk 1.0.0-alpha.25's generated types do not have:
 *
 *   message Lease { ...; Reclamation reclamation = 7; }          // akash/market/v1/lease.proto
 *   message Reclamation {                                          // akash/market/v1/reclamation.proto
 *     google.protobuf.Duration window = 1;   // notice agreed in the winning bid
 *     int64 started_at = 2;                  // height the provider started reclaiming; 0 = not started
 *     int64 deadline = 3;                    // unix seconds when the lease may be taken back; 0 = not started
 *     LeaseClosedReason reason = 4;          // the provider's stated reason
 *   }
 *
 * The generated decoder skips field 7 without keeping it (ts-proto output, no unknown-field store), so it is
 * read here from the raw QueryLeasesResponse bytes: response field 1 (QueryLeaseResponse, repeated) → its
 * field 1 (Lease) → field 7. The new lease state 4 (reclaiming) needs nothing: enums decode as plain numbers.
 */

export type WireReclamation = { windowSeconds: number; startedAt: number; deadline: number; reason: number };

type WireField = { number: number; varint?: bigint; bytes?: Uint8Array };

/** The reclamation of each lease of a QueryLeasesResponse, in the order of `leases`; undefined where none. */
export function reclamationsOf(queryLeasesResponse: Uint8Array): (WireReclamation | undefined)[] {
  return fieldsOf(queryLeasesResponse)
    .filter((f) => f.number === 1 && f.bytes)
    .map((entry) => {
      const lease = lastBytes(fieldsOf(entry.bytes!), 1);
      const reclamation = lease && lastBytes(fieldsOf(lease), 7);
      return reclamation ? decodeReclamation(reclamation) : undefined;
    });
}

function decodeReclamation(bytes: Uint8Array): WireReclamation {
  const fields = fieldsOf(bytes);
  const window = lastBytes(fields, 1);
  return {
    windowSeconds: window ? int64(lastVarint(fieldsOf(window), 1)) : 0,
    startedAt: int64(lastVarint(fields, 2)),
    deadline: int64(lastVarint(fields, 3)),
    reason: int64(lastVarint(fields, 4)),
  };
}

// Protobuf: when a singular field occurs more than once, the last occurrence wins.
const lastBytes = (fields: WireField[], number: number) => fields.filter((f) => f.number === number && f.bytes).at(-1)?.bytes;
const lastVarint = (fields: WireField[], number: number) => fields.filter((f) => f.number === number && f.varint !== undefined).at(-1)?.varint ?? 0n;
/** int64 and enums travel as 64-bit two's complement varints; heights and unix seconds fit a number. */
const int64 = (value: bigint): number => Number(BigInt.asIntN(64, value));

/** The top-level fields of one message (wire types 0, 1, 2, 5; groups are not used by these messages). */
function fieldsOf(bytes: Uint8Array): WireField[] {
  const fields: WireField[] = [];
  let pos = 0;
  const varint = (): bigint => {
    let result = 0n;
    for (let shift = 0n; ; shift += 7n) {
      if (pos >= bytes.length || shift > 63n) throw new RangeError("malformed protobuf: truncated varint");
      const byte = bytes[pos++]!;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
    }
  };
  while (pos < bytes.length) {
    const tag = Number(varint());
    const number = tag >>> 3;
    const wireType = tag & 7;
    if (wireType === 0) fields.push({ number, varint: varint() });
    else if (wireType === 2) {
      const length = Number(varint());
      if (pos + length > bytes.length) throw new RangeError("malformed protobuf: field longer than its message");
      fields.push({ number, bytes: bytes.subarray(pos, pos + length) });
      pos += length;
    } else if (wireType === 1) pos += 8;
    else if (wireType === 5) pos += 4;
    else throw new RangeError(`malformed protobuf: wire type ${wireType}`);
  }
  if (pos > bytes.length) throw new RangeError("malformed protobuf: truncated field");
  return fields;
}
