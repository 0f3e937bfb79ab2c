/**
 * Hand-written protobuf fields, for answers with fields node v2.1 has and chain-sdk 1.0.0-alpha.25's
 * generated types lack: appended to what the generated encoder writes, so newer clients read them as from
 * mainnet and older ones skip them as unknown fields.
 */
export function varint(value: bigint | number): number[] {
  let v = BigInt(value);
  if (v < 0n) v += 1n << 64n; // int64 negatives as two's complement, as protobuf does
  const out: number[] = [];
  do {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v > 0n ? byte | 0x80 : byte);
  } while (v > 0n);
  return out;
}

/** A length-delimited field (message, bytes, string). */
export const field = (number: number, bytes: Uint8Array | number[]): number[] => [...varint((number << 3) | 2), ...varint(bytes.length), ...bytes];
/** A varint field, left out when zero (proto3). */
export const scalar = (number: number, value: bigint | number): number[] => (BigInt(value) === 0n ? [] : [...varint(number << 3), ...varint(value)]);
export const text = (number: number, value: string): number[] => (value === "" ? [] : field(number, new TextEncoder().encode(value)));

export const finished = (bytes: Uint8Array) => ({ finish: () => bytes });
