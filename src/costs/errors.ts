/**
 * Typed errors of money conversion and price sources. Each says what was expected, what was found and which
 * setting or file to change; none carries a secret (prices, URLs and denoms are public).
 */
import { AkashGpuError } from "../errors/base.js";

/** An amount in a denomination akash-gpu cannot value in USD (not uact, uakt or the legacy USDC IBC denom). */
export class UnknownDenomError extends AkashGpuError {
  override name = "UnknownDenomError";

  constructor(readonly denom: string, known: readonly string[]) {
    super(`Cannot value an amount in "${denom}": unknown denomination`, {
      metaMessages: [
        `expected: one of ${known.join(", ")}`,
        `found: ${denom}`,
        "what to do next: the lease or payment is reported as unpriced; if this denom is legitimate on your chain, file an issue with its name and decimals.",
      ],
    });
  }
}

/** uakt amounts need an AKT price and none could be found (flag, environment, config file, price API, cache). */
export class AktPriceUnavailableError extends AkashGpuError {
  override name = "AktPriceUnavailableError";

  constructor(readonly priceApi: string | undefined, found: string, cause?: unknown) {
    super("No AKT/USD price: amounts in uakt cannot be valued in USD", {
      metaMessages: [
        "expected: an AKT price from --akt-usd, the AKASH_AKT_USD variable (or aktUsd in the config file), the price API, or a price cached by an earlier run",
        `found: ${found}`,
        `what to do next: pass --akt-usd 0.55 (or set AKASH_AKT_USD=0.55)${priceApi ? `, or make the price API reachable (--price-api / AKASH_PRICE_API, now ${priceApi})` : ", or set a price API with --price-api / AKASH_PRICE_API"}.`,
      ],
      cause,
    });
  }
}

/** The price API answered, but not with a price this tool understands. */
export class PriceApiResponseError extends AkashGpuError {
  override name = "PriceApiResponseError";

  constructor(readonly url: string, found: string) {
    super(`The price API at ${url} did not answer with an AKT price`, {
      metaMessages: [
        'expected: CoinGecko simple/price JSON ({"akash-network":{"usd":0.54,...}}) or Akash Console market-data JSON ({"price":0.54,...}) with a price above 0',
        `found: ${found}`,
        "what to do next: point --price-api / AKASH_PRICE_API at one of those endpoints, or pass --akt-usd.",
      ],
    });
  }
}

/** A data file shipped in data/ (or given in its place) does not have the expected form. */
export class CostDataError extends AkashGpuError {
  override name = "CostDataError";

  constructor(readonly file: string, problem: string, whatNext: string) {
    super(`Invalid cost data in ${file}`, { metaMessages: [`found: ${problem}`, `what to do next: ${whatNext}`] });
  }
}
