/**
 * A decoded query response in the JSON a cosmos-sdk node's grpc-gateway writes (gogoproto JSONPb with
 * OrigName and EmitDefaults), where ts-proto's `toJSON` differs:
 * - every field is present: zero scalars as 0 / "" / false / "0", enums by the name of their zero value,
 *   repeated fields as [], unset messages and empty bytes as null;
 * - LegacyDec fields (DecCoin amounts, escrow balances, …) with all 18 decimals: "1.500000000000000000";
 * - `Any` unpacked next to its "@type";
 * - gogoproto customtype math.Int kept in bytes (resource quantities) printed as its decimal text.
 * ts-proto carries no field descriptors, so field kinds are learned by probing the response type itself
 * (set a field, run toJSON/encode, look at the result) and cached per type and field path.
 */
import { Dec } from "../../costs/decimal.js";
import type { MessageType } from "../node-api.js";
import { enumZeroName, messageTypeOf } from "./proto-registry.js";

type Path = readonly (string | number)[];
type Container = Record<string | number, unknown>;
type NumberKind = { enum: false } | { enum: true; zeroName: string | undefined };

/** A value no real LegacyDec field holds, and its scaled wire form: finding the latter in the bytes proves the patch. */
const DEC_PROBE = "0.123456789";
const DEC_PROBE_ATOMICS = "123456789000000000";
/** Enum values probed for names, to tell which of chain-sdk's enums a field uses. */
const ENUM_PROBE_VALUES = [1, 2, 3];
/** akash.base.resources.v1beta4.ResourceValue: `bytes val` with gogoproto customtype math.Int (ASCII digits). */
const INT_AS_BYTES_SHAPE = "val";

const decimalFields = new Map<string, boolean>();
const numberKinds = new Map<string, NumberKind>();

export function toGatewayJson(type: MessageType, message: unknown): unknown {
  return new GatewayJsonWriter(type, message).write();
}

class GatewayJsonWriter {
  private readonly tsJson: unknown;

  constructor(
    private readonly type: MessageType,
    private readonly root: unknown,
  ) {
    this.tsJson = type.toJSON(root);
  }

  write(): unknown {
    return this.walk(this.root, []);
  }

  private walk(value: unknown, path: Path): unknown {
    if (value === undefined || value === null) return null;
    if (Array.isArray(value)) return value.map((item, index) => this.walk(item, [...path, index]));
    if (value instanceof Uint8Array) return this.bytesJson(value, path);
    if (isLong(value)) return value.toString();
    if (typeof value === "object") return this.objectJson(value as Container, path);
    if (typeof value === "string") return this.isDecimal(path) ? legacyDecText(value) : value;
    if (typeof value === "number") return this.numberJson(value, path);
    return value;
  }

  private objectJson(value: Container, path: Path): unknown {
    if (isAny(value)) return anyJson(value.typeUrl, value.value);
    // Well-known types ts-proto prints as strings (Timestamp, Duration) are printed the same by the gateway.
    const printed = jsonAt(this.tsJson, path);
    if (typeof printed === "string") return printed;
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) out[snakeCase(key)] = this.walk(field, [...path, key]);
    return out;
  }

  private bytesJson(value: Uint8Array, path: Path): string | null {
    const parent = this.at(path.slice(0, -1));
    if (path.at(-1) === INT_AS_BYTES_SHAPE && Object.keys(parent as object).join() === INT_AS_BYTES_SHAPE) {
      return Buffer.from(value).toString("utf8") || "0";
    }
    return value.length > 0 ? Buffer.from(value).toString("base64") : null;
  }

  private numberJson(value: number, path: Path): unknown {
    const kind = this.cached(numberKinds, path, () => this.probeNumberKind(path));
    if (!kind.enum) return value;
    if (value !== 0) return jsonAt(this.tsJson, path) ?? value;
    return kind.zeroName ?? value;
  }

  private probeNumberKind(path: Path): NumberKind {
    const names = new Map<number, string>();
    for (const probe of ENUM_PROBE_VALUES) {
      const printed = this.withValue(path, probe, () => jsonAt(this.type.toJSON(this.root), path));
      if (typeof printed !== "string") return { enum: false };
      if (printed !== "UNRECOGNIZED") names.set(probe, printed);
    }
    return { enum: true, zeroName: enumZeroName(names) };
  }

  /** A LegacyDec field is one chain-sdk's patched encoder scales by 10^18 on the wire. */
  private isDecimal(path: Path): boolean {
    return this.cached(decimalFields, path, () =>
      this.withValue(path, DEC_PROBE, () => {
        try {
          return Buffer.from(this.type.encode(this.root).finish()).includes(DEC_PROBE_ATOMICS);
        } catch {
          return false;
        }
      }),
    );
  }

  private cached<T>(cache: Map<string, T>, path: Path, probe: () => T): T {
    const key = `${this.type.$type}:${path.map((part) => (typeof part === "number" ? "[]" : part)).join(".")}`;
    let kind = cache.get(key);
    if (kind === undefined) {
      kind = probe();
      cache.set(key, kind);
    }
    return kind;
  }

  /** Runs `probe` with the field at `path` set to `value`, then puts the original back. */
  private withValue<T>(path: Path, value: unknown, probe: () => T): T {
    const parent = this.at(path.slice(0, -1)) as Container;
    const key = path.at(-1)!;
    const original = parent[key];
    parent[key] = value;
    try {
      return probe();
    } finally {
      parent[key] = original;
    }
  }

  private at(path: Path): unknown {
    return path.reduce<unknown>((node, key) => (node as Container)[key], this.root);
  }
}

function anyJson(typeUrl: string, value: Uint8Array): unknown {
  const type = messageTypeOf(typeUrl);
  if (type === undefined) return { "@type": typeUrl, value: Buffer.from(value).toString("base64") };
  const fields = toGatewayJson(type, type.decode(value));
  return { "@type": typeUrl, ...(fields as object) };
}

/** The field at a message path in ts-proto's JSON, whose keys are the proto (snake_case) names. */
function jsonAt(json: unknown, path: Path): unknown {
  let node = json;
  for (const part of path) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Container)[typeof part === "number" ? part : snakeCase(part)];
  }
  return node;
}

function legacyDecText(value: string): string {
  if (value === "") return Dec.zero.toFixed18();
  try {
    return Dec.parse(value).toFixed18();
  } catch {
    return value;
  }
}

/** ts-proto's property names are the proto field names in lowerCamelCase; grpc-gateway prints the originals. */
function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

function isLong(value: unknown): value is { toString(): string } {
  return typeof value === "object" && value !== null && typeof (value as { low?: unknown }).low === "number" && typeof (value as { unsigned?: unknown }).unsigned === "boolean";
}

function isAny(value: Container): value is { typeUrl: string; value: Uint8Array } {
  const keys = Object.keys(value);
  return keys.length === 2 && typeof value.typeUrl === "string" && value.value instanceof Uint8Array;
}
