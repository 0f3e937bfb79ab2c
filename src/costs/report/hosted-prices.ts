/**
 * Hosted-API prices per million tokens, from a file the user keeps (prices change too often to ship), set
 * beside what the leases' tokens cost: each API's price at this report's own mix of prompt and generated tokens.
 */
import { InvalidInputError, type InputProblem } from "../../errors/invalid-input.js";
import { Dec } from "../decimal.js";
import type { Table } from "./document.js";

export type HostedPrice = { name: string; usdPerMillionInput: Dec; usdPerMillionOutput: Dec };

const DECIMAL = /^\d+(\.\d+)?$/;

export function parseHostedPrices(text: string, file: string): HostedPrice[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError("The hosted-prices file is not JSON", [{ field: file, found: (error as Error).message, expected: 'a JSON list: [{"name": "...", "usdPerMillionInput": 0.15, "usdPerMillionOutput": 0.6}]' }]);
  }
  const problems: InputProblem[] = [];
  const prices = (Array.isArray(data) ? data : [data]).flatMap((entry: unknown, i) => {
    const item = (entry ?? {}) as Record<string, unknown>;
    const field = (key: string) => `${file}[${i}].${key}`;
    const amount = (key: string) => {
      const raw = typeof item[key] === "number" ? String(item[key]) : item[key];
      if (typeof raw === "string" && DECIMAL.test(raw)) return Dec.parse(raw);
      problems.push({ field: field(key), found: JSON.stringify(item[key]) ?? "nothing", expected: "USD per million tokens, a number ≥ 0" });
      return undefined;
    };
    if (typeof item.name !== "string" || item.name === "") problems.push({ field: field("name"), found: JSON.stringify(item.name) ?? "nothing", expected: "the API and model, e.g. \"openai gpt-4o-mini\"" });
    const input = amount("usdPerMillionInput");
    const output = amount("usdPerMillionOutput");
    return input && output && typeof item.name === "string" ? [{ name: item.name, usdPerMillionInput: input, usdPerMillionOutput: output }] : [];
  });
  if (!Array.isArray(data)) problems.unshift({ field: file, found: "an object", expected: "a JSON list of prices" });
  if (problems.length > 0) throw new InvalidInputError("Invalid hosted-prices file", problems);
  return prices;
}

/** USD per million at the given mix, and what these tokens would have cost there. */
export function hostedCost(price: HostedPrice, tokens: { promptTokens: number; generationTokens: number }) {
  const total = tokens.promptTokens + tokens.generationTokens;
  const usd = price.usdPerMillionInput.mul(tokens.promptTokens).add(price.usdPerMillionOutput.mul(tokens.generationTokens)).div(1_000_000);
  return { usd, usdPerMillion: total > 0 ? usd.mul(1_000_000).div(total) : undefined };
}

export function hostedTable(prices: HostedPrice[], tokens: { promptTokens: number; generationTokens: number }, akashUsdPerMillion: Dec | undefined): Table {
  const n = (value: Dec | undefined, digits: number) => (value === undefined ? null : Number(value.toNumber().toFixed(digits)));
  return {
    title: `Hosted APIs for the same ${tokens.promptTokens + tokens.generationTokens} tokens (${tokens.promptTokens} prompt, ${tokens.generationTokens} generated)`,
    columns: [
      { key: "name", title: "API" },
      { key: "input", title: "USD/M IN", align: "right" },
      { key: "output", title: "USD/M OUT", align: "right" },
      { key: "mix", title: "USD/M AT THIS MIX", align: "right" },
      { key: "usd", title: "USD FOR THESE TOKENS", align: "right" },
    ],
    rows: [
      ...(akashUsdPerMillion ? [{ name: "these Akash leases", input: null, output: null, mix: n(akashUsdPerMillion, 4), usd: null }] : []),
      ...prices.map((price) => {
        const cost = hostedCost(price, tokens);
        return { name: price.name, input: n(price.usdPerMillionInput, 4), output: n(price.usdPerMillionOutput, 4), mix: n(cost.usdPerMillion, 4), usd: n(cost.usd, 4) };
      }),
    ],
  };
}
