/**
 * Lease query responses with the fields node v2.1 added (AEP-82) that chain-sdk 1.0.0-alpha.25's generated
 * types lack: state `reclaiming` (4) encodes as a plain enum number, and Lease.reclamation (field 7:
 * window, started_at, deadline, reason) is appended to each Lease by hand, so clients that know the newer
 * schema read it exactly as from mainnet, and older ones skip it as an unknown field.
 */
import * as v1 from "@akashnetwork/chain-sdk/private-types/akash.v1";
import * as v1beta5 from "@akashnetwork/chain-sdk/private-types/akash.v1beta5";
import { PageResponse } from "@akashnetwork/chain-sdk/private-types/cosmos.v1beta1";
import type { MessageType } from "../../node-api.js";
import { field, finished, scalar } from "./proto-wire.js";

export type LeaseReclamation = { windowSeconds: bigint; startedAt: bigint; deadline: bigint; reason: number };
type LeaseEntry = { lease: unknown; escrowPayment?: unknown; reclamation?: LeaseReclamation };

function reclamationBytes(r: LeaseReclamation): number[] {
  const duration = scalar(1, r.windowSeconds);
  return [...field(1, duration), ...scalar(2, r.startedAt), ...scalar(3, r.deadline), ...scalar(4, r.reason)];
}

function leaseResponseBytes(entry: LeaseEntry): Uint8Array {
  const lease = [...v1.Lease.encode(v1.Lease.fromPartial(entry.lease as Parameters<typeof v1.Lease.fromPartial>[0])).finish(), ...(entry.reclamation ? field(7, reclamationBytes(entry.reclamation)) : [])];
  const payment = entry.escrowPayment ? field(2, v1.Types_Payment.encode(v1.Types_Payment.fromPartial(entry.escrowPayment as Parameters<typeof v1.Types_Payment.fromPartial>[0])).finish()) : [];
  return new Uint8Array([...field(1, lease), ...payment]);
}

/** QueryLeaseResponse with reclamation. */
export const LeaseResponseCodec: MessageType<LeaseEntry> = {
  ...(v1beta5.QueryLeaseResponse as unknown as MessageType<LeaseEntry>),
  $type: v1beta5.QueryLeaseResponse.$type,
  fromPartial: (value) => value as LeaseEntry,
  encode: (value) => finished(leaseResponseBytes(value)),
};

/** QueryLeasesResponse with reclamation on each lease. */
export const LeasesResponseCodec: MessageType<{ leases: LeaseEntry[]; pagination?: unknown }> = {
  ...(v1beta5.QueryLeasesResponse as unknown as MessageType<{ leases: LeaseEntry[]; pagination?: unknown }>),
  $type: v1beta5.QueryLeasesResponse.$type,
  fromPartial: (value) => value as { leases: LeaseEntry[]; pagination?: unknown },
  encode: (value) => {
    const pagination = value.pagination ? field(2, PageResponse.encode(PageResponse.fromPartial(value.pagination as Parameters<typeof PageResponse.fromPartial>[0])).finish()) : [];
    return finished(new Uint8Array([...value.leases.flatMap((entry) => field(1, leaseResponseBytes(entry))), ...pagination]));
  },
};
