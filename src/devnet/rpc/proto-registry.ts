/**
 * chain-sdk's generated message types and enums, gathered from its private-types entry points for the
 * packages a devnet serves. The REST gateway needs them where ts-proto's own JSON gives too little:
 * unpacking `Any` values by type URL, and naming an enum's zero value (ts-proto omits it, grpc-gateway prints it).
 */
import * as akashV1 from "@akashnetwork/chain-sdk/private-types/akash.v1";
import * as akashV1beta4 from "@akashnetwork/chain-sdk/private-types/akash.v1beta4";
import * as akashV1beta5 from "@akashnetwork/chain-sdk/private-types/akash.v1beta5";
import * as cosmosEd25519 from "@akashnetwork/chain-sdk/private-types/cosmos.ed25519";
import * as cosmosMultisig from "@akashnetwork/chain-sdk/private-types/cosmos.multisig";
import * as cosmosSecp256k1 from "@akashnetwork/chain-sdk/private-types/cosmos.secp256k1";
import * as cosmosV1 from "@akashnetwork/chain-sdk/private-types/cosmos.v1";
import * as cosmosV1beta1 from "@akashnetwork/chain-sdk/private-types/cosmos.v1beta1";
import type { MessageType } from "../node-api.js";

/** A TypeScript enum object as ts-proto emits it: names to numbers and numbers back to names. */
export type EnumObject = Readonly<Record<string, string | number>>;

const MODULES: readonly Record<string, unknown>[] = [akashV1, akashV1beta4, akashV1beta5, cosmosV1beta1, cosmosV1, cosmosSecp256k1, cosmosEd25519, cosmosMultisig];

function isMessageType(value: unknown): value is MessageType {
  return typeof value === "object" && value !== null && typeof (value as { $type?: unknown }).$type === "string" && typeof (value as { decode?: unknown }).decode === "function";
}

function isEnumObject(value: unknown): value is EnumObject {
  if (typeof value !== "object" || value === null || isMessageType(value)) return false;
  const entries = Object.entries(value);
  return entries.length > 0 && entries.every(([key, member]) => (typeof member === "number" ? value[String(member) as keyof typeof value] === key : typeof member === "string" && /^-?\d+$/.test(key)));
}

const messageTypes = new Map<string, MessageType>();
const enums: EnumObject[] = [];
for (const module of MODULES) {
  for (const value of Object.values(module)) {
    if (isMessageType(value)) messageTypes.set(value.$type, value);
    else if (isEnumObject(value) && !enums.includes(value)) enums.push(value);
  }
}

/** The message type behind an `Any`'s type URL ("/cosmos.auth.v1beta1.BaseAccount"), if chain-sdk has it. */
export function messageTypeOf(typeUrl: string): MessageType | undefined {
  return messageTypes.get(typeUrl.replace(/^\//, ""));
}

/**
 * The name of the zero value of the enum whose other values are named as given (value → name), found by
 * matching those names against chain-sdk's enums.
 */
export function enumZeroName(knownNames: ReadonlyMap<number, string>): string | undefined {
  const candidate = enums.find((members) => typeof members["0"] === "string" && [...knownNames].every(([number, name]) => members[String(number)] === name));
  return candidate?.["0"] as string | undefined;
}
