/**
 * Cost per million tokens: spend over the span the tokens were counted in ÷ tokens × 1,000,000, exact (Dec,
 * truncated at 18 decimals), on Akash in the lease's denomination and in USD, and at an AWS baseline — what
 * the same GPU-hours would have cost on AWS on-demand, a USD figure the caller computes from its table.
 */
import type { DecCoin } from "../../chain/types.js";
import { Dec } from "../decimal.js";
import { valueInUsd, type UsdPrices, type UsdValue } from "../denoms.js";

const MILLION = 1_000_000n;

/** amount ÷ tokens × 1e6; undefined when no tokens were served (a cost per token of nothing is no number). */
export function costPerMillionTokens(amount: Dec, tokens: number | bigint): Dec | undefined {
  const count = typeof tokens === "bigint" ? tokens : BigInt(checkedCount(tokens));
  if (count <= 0n) return undefined;
  // Multiply first: the quotient keeps all 18 decimals of the product.
  return amount.mul(MILLION).div(count);
}

export type TokenCost = {
  tokens: number;
  akash: {
    spend: DecCoin;
    /** Per million tokens, in the spend's denomination (uact). */
    perMillion: Dec | undefined;
    /** In USD, when the denomination could be valued (unpriced: the reason). */
    usdPerMillion: Dec | undefined;
    usd: UsdValue;
  };
  /** At the AWS baseline for the same GPU-hours, when one was given. */
  aws?: { usd: Dec; usdPerMillion: Dec | undefined };
};

export function tokenCost(input: { tokens: number; spend: DecCoin; prices: UsdPrices; awsUsd?: Dec }): TokenCost {
  const usd = valueInUsd(input.spend.amount, input.spend.denom, input.prices);
  return {
    tokens: input.tokens,
    akash: {
      spend: input.spend,
      perMillion: costPerMillionTokens(input.spend.amount, input.tokens),
      usdPerMillion: usd.priced ? costPerMillionTokens(usd.usd, input.tokens) : undefined,
      usd,
    },
    ...(input.awsUsd ? { aws: { usd: input.awsUsd, usdPerMillion: costPerMillionTokens(input.awsUsd, input.tokens) } } : {}),
  };
}

function checkedCount(tokens: number): number {
  if (!Number.isSafeInteger(tokens) || tokens < 0) throw new RangeError(`a token count must be a whole number ≥ 0, got ${tokens}`);
  return tokens;
}
