/** Committed transactions by hash and by events, answering CometBFT's tx and tx_search. */
import type { AbciEvent, TxRecord, TxSearchCondition } from "../node-api.js";

export class TxIndex {
  readonly #byHash = new Map<string, TxRecord>();
  readonly #all: TxRecord[] = [];

  add(record: TxRecord): void {
    this.#byHash.set(record.hash, record);
    this.#all.push(record);
  }

  get(hash: string): TxRecord | undefined {
    return this.#byHash.get(hash.toUpperCase());
  }

  search(conditions: TxSearchCondition[]): TxRecord[] {
    return this.#all.filter((record) => conditions.every((condition) => matches(record, condition)));
  }

  records(): readonly TxRecord[] {
    return this.#all;
  }
}

function matches(record: TxRecord, { key, op, value }: TxSearchCondition): boolean {
  if (key === "tx.hash") return op === "=" && record.hash === String(value).toUpperCase();
  if (key === "tx.height") return compare(record.height, op, Number(value));
  const [type, attribute] = splitKey(key);
  const values = attributeValues(record.result.events, type, attribute);
  if (op === "EXISTS") return values.length > 0;
  return values.some((candidate) => {
    if (op === "CONTAINS") return candidate.includes(String(value));
    if (op === "=") return candidate === String(value);
    return compare(Number(candidate), op, Number(value));
  });
}

function splitKey(key: string): [string, string] {
  const at = key.lastIndexOf(".");
  return [key.slice(0, at), key.slice(at + 1)];
}

function attributeValues(events: AbciEvent[], type: string, key: string): string[] {
  return events.filter((e) => e.type === type).flatMap((e) => e.attributes.filter((a) => a.key === key).map((a) => a.value));
}

function compare(left: number, op: TxSearchCondition["op"], right: number): boolean {
  switch (op) {
    case "=": return left === right;
    case "<": return left < right;
    case "<=": return left <= right;
    case ">": return left > right;
    case ">=": return left >= right;
    default: return false;
  }
}
