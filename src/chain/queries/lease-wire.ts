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
import { fieldsOf, int64, lastBytes, lastVarint } from "./proto-fields.js";

export type WireReclamation = { windowSeconds: number; startedAt: number; deadline: number; reason: number };

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
