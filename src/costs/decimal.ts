/**
 * Exact decimal arithmetic for money. Chain amounts are decimal strings with up to 18 fractional digits
 * (cosmos LegacyDec); a float would silently lose uact. A Dec is a BigInt scaled by 10^18.
 * Division and conversions truncate towards zero, as the chain does.
 */
const SCALE_DIGITS = 18;
const SCALE = 10n ** BigInt(SCALE_DIGITS);
const DECIMAL_PATTERN = /^(-)?(\d+)(?:\.(\d+))?$/;

export class Dec {
  private constructor(private readonly scaled: bigint) {}

  static readonly zero = new Dec(0n);

  /** Parses "12", "0.5", "3333.333333333333333333". More than 18 fractional digits are truncated. */
  static parse(text: string): Dec {
    const match = DECIMAL_PATTERN.exec(text.trim());
    if (!match) throw new RangeError(`not a decimal number: "${text}"`);
    const [, sign, whole, fraction = ""] = match;
    const fractionDigits = fraction.slice(0, SCALE_DIGITS).padEnd(SCALE_DIGITS, "0");
    const magnitude = BigInt(whole!) * SCALE + BigInt(fractionDigits);
    return new Dec(sign ? -magnitude : magnitude);
  }

  /** Integers and finite numbers with at most 18 fractional digits (numbers go through their shortest decimal text). */
  static from(value: Dec | string | number | bigint): Dec {
    if (value instanceof Dec) return value;
    if (typeof value === "bigint") return new Dec(value * SCALE);
    if (typeof value === "number") {
      if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
      return Dec.parse(toPlainDecimal(value));
    }
    return Dec.parse(value);
  }

  add(other: Dec | string | number | bigint): Dec {
    return new Dec(this.scaled + Dec.from(other).scaled);
  }

  sub(other: Dec | string | number | bigint): Dec {
    return new Dec(this.scaled - Dec.from(other).scaled);
  }

  mul(other: Dec | string | number | bigint): Dec {
    return new Dec((this.scaled * Dec.from(other).scaled) / SCALE);
  }

  div(other: Dec | string | number | bigint): Dec {
    const divisor = Dec.from(other).scaled;
    if (divisor === 0n) throw new RangeError("division by zero");
    return new Dec((this.scaled * SCALE) / divisor);
  }

  cmp(other: Dec | string | number | bigint): -1 | 0 | 1 {
    const b = Dec.from(other).scaled;
    return this.scaled < b ? -1 : this.scaled > b ? 1 : 0;
  }

  isZero(): boolean {
    return this.scaled === 0n;
  }

  isNegative(): boolean {
    return this.scaled < 0n;
  }

  /** Truncates to `digits` fractional digits. */
  truncate(digits: number): Dec {
    const unit = 10n ** BigInt(SCALE_DIGITS - digits);
    return new Dec((this.scaled / unit) * unit);
  }

  /** Rounds up (away from zero for positives) to `digits` fractional digits. */
  ceil(digits: number): Dec {
    const unit = 10n ** BigInt(SCALE_DIGITS - digits);
    const truncated = (this.scaled / unit) * unit;
    return new Dec(truncated < this.scaled ? truncated + unit : truncated);
  }

  /** The whole part, truncated towards zero. */
  toBigInt(): bigint {
    return this.scaled / SCALE;
  }

  /** Shortest exact text: no trailing zeros, no exponent. */
  toString(): string {
    const negative = this.scaled < 0n;
    const magnitude = negative ? -this.scaled : this.scaled;
    const whole = magnitude / SCALE;
    const fraction = (magnitude % SCALE).toString().padStart(SCALE_DIGITS, "0").replace(/0+$/, "");
    return `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
  }

  /** The chain's LegacyDec text: always 18 fractional digits. */
  toFixed18(): string {
    const negative = this.scaled < 0n;
    const magnitude = negative ? -this.scaled : this.scaled;
    const fraction = (magnitude % SCALE).toString().padStart(SCALE_DIGITS, "0");
    return `${negative ? "-" : ""}${magnitude / SCALE}.${fraction}`;
  }

  /** JSON carries money as exact decimal strings. */
  toJSON(): string {
    return this.toString();
  }

  /** For display only: never feed the result back into money arithmetic. */
  toNumber(): number {
    return Number(this.toString());
  }
}

function toPlainDecimal(value: number): string {
  const text = String(value);
  if (!/e/i.test(text)) return text;
  // Exponent forms: tiny numbers print in full with 18 digits; huge ones are integers anyway.
  return Math.abs(value) < 1 ? value.toFixed(SCALE_DIGITS) : BigInt(value).toString();
}
