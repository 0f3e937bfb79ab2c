/**
 * A minimal protobuf wire reader, for the fields node v2.1 added that chain-sdk 1.0.0-alpha.25's generated
 * types do not have: its ts-proto decoders skip unknown fields without keeping them, so such a field can only
 * be read from the raw bytes of the answer (lease-wire.ts, bme-params.ts).
 */

export type WireField = { number: number; varint?: bigint; bytes?: Uint8Array };

/** The top-level fields of one message, in wire order (wire types 0, 1, 2, 5; groups are not used by Akash's messages). */
export function fieldsOf(bytes: Uint8Array): WireField[] {
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

// Protobuf: when a singular field occurs more than once, the last occurrence wins.
export const lastBytes = (fields: WireField[], number: number): Uint8Array | undefined => fields.filter((f) => f.number === number && f.bytes).at(-1)?.bytes;
export const lastVarint = (fields: WireField[], number: number): bigint | undefined => fields.filter((f) => f.number === number && f.varint !== undefined).at(-1)?.varint;
/** Every occurrence of a repeated message (or string) field, in order. */
export const allBytes = (fields: WireField[], number: number): Uint8Array[] => fields.filter((f) => f.number === number && f.bytes).map((f) => f.bytes!);
/** int64 and enums travel as 64-bit two's complement varints; heights, counts and unix seconds fit a number. */
export const int64 = (value: bigint | undefined): number => Number(BigInt.asIntN(64, value ?? 0n));
export const utf8 = (bytes: Uint8Array | undefined): string => (bytes ? new TextDecoder().decode(bytes) : "");
