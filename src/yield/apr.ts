/**
 * The staking APR from chain parameters: inflation × (1 − community tax) × total supply ÷ bonded tokens.
 * Inflation mints new tokens on the whole supply; the community pool takes its tax; what is left is shared
 * among the bonded tokens only. Validators' commission comes out of that after (see Delegation.commission),
 * so this is the rate before commission — the figure explorers and wallets show.
 */
import { Dec } from "../costs/decimal.js";
import { AkashGpuError } from "../errors/base.js";
import type { QuerySdk } from "../chain/query-sdk.js";
import { atHeight, queryAt } from "./staking-reads.js";

export type AprInputs = {
  /** Annual inflation, e.g. 0.13 (mint module). */
  inflation: Dec;
  /** Share of every reward that goes to the community pool, e.g. 0.02 (distribution params). */
  communityTax: Dec;
  /** Total supply of the bond denomination (bank), in base units. */
  totalSupply: Dec;
  /** Tokens bonded to validators (staking pool), in base units. */
  bondedTokens: Dec;
  bondDenom: string;
  height: number;
};

/** inflation × (1 − community tax) × total supply ÷ bonded tokens; zero when nothing is bonded. */
export function computeApr(inputs: Pick<AprInputs, "inflation" | "communityTax" | "totalSupply" | "bondedTokens">): Dec {
  if (inputs.bondedTokens.isZero()) return Dec.zero;
  return inputs.inflation.mul(Dec.from(1).sub(inputs.communityTax)).mul(inputs.totalSupply).div(inputs.bondedTokens);
}

export async function readAprInputs(sdk: QuerySdk, height: number): Promise<AprInputs> {
  const at = atHeight(height);
  const read = <T>(what: string, query: () => Promise<T>) => queryAt(sdk, what, height, query);
  const [stakingParams, pool, inflation, distribution] = await Promise.all([
    read("the staking parameters", () => sdk.cosmos.staking.v1beta1.getParams({}, at)),
    read("the staking pool", () => sdk.cosmos.staking.v1beta1.getPool({}, at)),
    read("the mint inflation", () => sdk.cosmos.mint.v1beta1.getInflation({}, at)),
    read("the distribution parameters", () => sdk.cosmos.distribution.v1beta1.getParams({}, at)),
  ]);
  const bondDenom = stakingParams.params?.bondDenom || "uakt";
  const supply = await read(`the total supply of ${bondDenom}`, () => sdk.cosmos.bank.v1beta1.getSupplyOf({ denom: bondDenom }, at));
  return {
    inflation: legacyDecOfBytes(inflation.inflation),
    communityTax: Dec.parse(distribution.params?.communityTax || "0"),
    totalSupply: Dec.parse(supply.amount?.amount || "0"),
    bondedTokens: Dec.parse(pool.pool?.bondedTokens || "0"),
    bondDenom,
    height,
  };
}

/**
 * Query/Inflation answers a LegacyDec as bytes (gogoproto customtype): the text of the value × 10^18, e.g.
 * "130000000000000000" for 0.13. Text that already has a point is taken as it is.
 */
export function legacyDecOfBytes(bytes: Uint8Array): Dec {
  const text = new TextDecoder().decode(bytes).trim();
  if (/^\d+\.\d+$/.test(text)) return Dec.parse(text);
  if (!/^\d+$/.test(text)) {
    throw new AkashGpuError("The node answered the mint inflation in a form akash-gpu does not know", {
      metaMessages: ["expected: a LegacyDec (an integer scaled by 10^18)", `found: ${JSON.stringify(text.slice(0, 40))}`, "what to do next: point AKASH_GRPC / --grpc at another node"],
    });
  }
  const digits = text.padStart(19, "0");
  return Dec.parse(`${digits.slice(0, -18)}.${digits.slice(-18)}`);
}
