/**
 * A value that must never reach output, logs or errors (mnemonics, API keys, tokens). It prints as
 * "<redacted>" through String(), JSON.stringify() and console.log/util.inspect; only reveal() gives the value.
 */
const REDACTED = "<redacted>";

export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return REDACTED;
  }
}
