/**
 * Prices on Akash are per block. These conversions turn them into money per hour and back, at a given block
 * time and ACT peg (1,000,000 uact ≈ 1 USD). All arithmetic is decimal-exact.
 */
import { Dec } from "./decimal.js";

export const UACT_PER_ACT = 1_000_000n;
const MS_PER_HOUR = 3_600_000n;

export type PriceContext = {
  /** Average block time in milliseconds (measured from the chain where possible; about 6000 on mainnet). */
  blockTimeMs: number;
  /** USD per ACT; 1 unless the peg is overridden. */
  actUsd: Dec;
};

export function blocksPerHour(blockTimeMs: number): Dec {
  return Dec.from(MS_PER_HOUR).div(blockTimeMs);
}

/** A ceiling in USD per hour as uact per block, truncated to 6 fractional digits so it never exceeds the ceiling. */
export function usdPerHourToUactPerBlock(usdPerHour: Dec, context: PriceContext): Dec {
  const uactPerHour = usdPerHour.div(context.actUsd).mul(UACT_PER_ACT);
  return uactPerHour.div(blocksPerHour(context.blockTimeMs)).truncate(6);
}

export function uactPerBlockToUsdPerHour(uactPerBlock: Dec, context: PriceContext): Dec {
  return uactPerBlock.mul(blocksPerHour(context.blockTimeMs)).div(UACT_PER_ACT).mul(context.actUsd);
}
