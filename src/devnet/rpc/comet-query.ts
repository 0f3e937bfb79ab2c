/**
 * CometBFT's event query language (tx_search, subscribe): `tag op value` conditions joined by AND, e.g.
 * `tm.event='Tx' AND tx.hash='AB12…'` or `tx.height>=5 AND message.sender EXISTS`. The grammar follows
 * CometBFT 0.38's scanner: tags are letters, digits, '.' and '_'; strings are single-quoted without escapes;
 * numbers are unsigned decimals; `TIME 2026-01-01T00:00:00Z` and `DATE 2026-01-01` are timestamps.
 */
import type { AbciEvent, TxSearchCondition } from "../node-api.js";

export class QuerySyntaxError extends Error {
  override readonly name = "QuerySyntaxError";
}

type Token = { kind: "tag" | "string" | "number" | "time" | "and" | "op"; text: string; offset: number };

const TOKEN_PATTERN =
  /\s*(?:(TIME\s+[0-9TZ:+\-.]+)|(DATE\s+[0-9-]+)|'([^']*)'|(\d+(?:\.\d*)?)|(<=|>=|=|<|>)|([\p{L}\p{N}._]+))/uy;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN_PATTERN.lastIndex = 0;
  while (TOKEN_PATTERN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN_PATTERN.lastIndex))) break;
    const offset = TOKEN_PATTERN.lastIndex;
    const match = TOKEN_PATTERN.exec(text);
    if (!match) throw new QuerySyntaxError(`invalid input at offset ${offset}: ${JSON.stringify(text.slice(offset, offset + 10))}`);
    const [, time, date, quoted, number, op, word] = match;
    if (time !== undefined) tokens.push({ kind: "time", text: parseTimestamp(time.replace(/^TIME\s+/, ""), offset), offset });
    else if (date !== undefined) tokens.push({ kind: "time", text: parseTimestamp(date.replace(/^DATE\s+/, ""), offset), offset });
    else if (quoted !== undefined) tokens.push({ kind: "string", text: quoted, offset });
    else if (number !== undefined) tokens.push({ kind: "number", text: number, offset });
    else if (op !== undefined) tokens.push({ kind: "op", text: op, offset });
    else if (word === "AND") tokens.push({ kind: "and", text: word, offset });
    else if (word === "EXISTS" || word === "CONTAINS") tokens.push({ kind: "op", text: word, offset });
    else tokens.push({ kind: "tag", text: word ?? "", offset });
  }
  return tokens;
}

function parseTimestamp(text: string, offset: number): string {
  const time = new Date(text);
  if (Number.isNaN(time.getTime())) throw new QuerySyntaxError(`invalid TIME or DATE value at offset ${offset}: ${text}`);
  return time.toISOString();
}

/** Parses a query into the node's search conditions; throws QuerySyntaxError on anything CometBFT rejects. */
export function parseQuery(text: string): TxSearchCondition[] {
  const tokens = tokenize(text);
  if (tokens.length === 0) throw new QuerySyntaxError("empty query");
  const conditions: TxSearchCondition[] = [];
  let position = 0;
  const next = (): Token | undefined => tokens[position++];
  for (;;) {
    const tag = next();
    if (tag?.kind !== "tag") throw new QuerySyntaxError(`expected a tag at offset ${tag?.offset ?? text.length}`);
    const op = next();
    if (op?.kind !== "op") throw new QuerySyntaxError(`expected an operator after "${tag.text}"`);
    if (op.text === "EXISTS") {
      conditions.push({ key: tag.text, op: "EXISTS" });
    } else {
      const operand = next();
      if (operand === undefined || !["string", "number", "time"].includes(operand.kind)) {
        throw new QuerySyntaxError(`expected a value after "${tag.text} ${op.text}"`);
      }
      if (op.text === "CONTAINS" && operand.kind !== "string") throw new QuerySyntaxError("CONTAINS needs a quoted string");
      const value = operand.kind === "number" ? Number(operand.text) : operand.text;
      conditions.push({ key: tag.text, op: op.text as TxSearchCondition["op"], value });
    }
    const joiner = next();
    if (joiner === undefined) return conditions;
    if (joiner.kind !== "and") throw new QuerySyntaxError(`expected AND at offset ${joiner.offset}`);
  }
}

/** Composite event keys ("message.sender", "tx.hash", "tm.event") to every value they carry. */
export type EventIndex = Map<string, string[]>;

export function indexEvents(events: readonly AbciEvent[], reserved: Record<string, string>): EventIndex {
  const index: EventIndex = new Map(Object.entries(reserved).map(([key, value]) => [key, [value]]));
  for (const event of events) {
    for (const attribute of event.attributes) {
      const key = `${event.type}.${attribute.key}`;
      const values = index.get(key) ?? [];
      values.push(attribute.value);
      index.set(key, values);
    }
  }
  return index;
}

/** Whether the events satisfy every condition, the way CometBFT's pubsub matches subscriptions. */
export function matchesQuery(conditions: readonly TxSearchCondition[], index: EventIndex): boolean {
  return conditions.every((condition) => {
    const values = index.get(condition.key);
    if (values === undefined) return false;
    if (condition.op === "EXISTS") return true;
    return values.some((value) => matchesValue(condition, value));
  });
}

function matchesValue(condition: TxSearchCondition, value: string): boolean {
  const operand = condition.value;
  if (condition.op === "CONTAINS") return value.includes(String(operand));
  if (typeof operand === "string" && condition.op === "=") return value === operand;
  const [left, right] = typeof operand === "number" ? [Number(value), operand] : [Date.parse(value), Date.parse(String(operand))];
  if (Number.isNaN(left) || Number.isNaN(right)) return false;
  switch (condition.op) {
    case "=":
      return left === right;
    case "<":
      return left < right;
    case "<=":
      return left <= right;
    case ">":
      return left > right;
    case ">=":
      return left >= right;
    default:
      return false;
  }
}
