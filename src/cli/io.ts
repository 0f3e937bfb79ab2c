/**
 * Where the CLI reads and writes. Every byte goes through here, so secrets registered with `guard` are
 * replaced by "<redacted>" in anything printed, whatever code printed it — unless the user asked to see them
 * (`--show-secrets`) and the write says it may carry them.
 */
export type Stream = { write(text: string): unknown; isTTY?: boolean };

export type Io = {
  stdout: Stream;
  stderr: Stream;
  env: NodeJS.ProcessEnv;
  cwd: string;
};

export const processIo = (): Io => ({ stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() });

const REDACTED = "<redacted>";

export class Output {
  readonly #secrets = new Set<string>();
  readonly color: boolean;

  constructor(
    readonly io: Io,
    readonly options: { json?: boolean; showSecrets?: boolean } = {},
  ) {
    this.color = Boolean(io.stdout.isTTY) && !io.env.NO_COLOR && io.env.TERM !== "dumb";
  }

  /** Registers values that must never be printed (API keys, tokens, mnemonics). */
  guard(...secrets: (string | undefined)[]): void {
    for (const secret of secrets) if (secret && secret.length >= 4) this.#secrets.add(secret);
  }

  /** True when secrets may be shown on stdout: asked for, or stdout is a file or pipe (the data itself is wanted). */
  get secretsOnStdout(): boolean {
    return Boolean(this.options.showSecrets) || !this.io.stdout.isTTY;
  }

  /** Machine or human data on stdout. `mayCarrySecrets`: the data is an artifact that must hold them (an SDL). */
  out(text: string, mayCarrySecrets = false): void {
    this.io.stdout.write(this.redact(text, mayCarrySecrets && this.secretsOnStdout) + (text.endsWith("\n") ? "" : "\n"));
  }

  json(value: unknown, mayCarrySecrets = false): void {
    this.out(JSON.stringify(value), mayCarrySecrets);
  }

  /** Progress, notes and warnings: stderr, never secrets. */
  note(text: string): void {
    this.io.stderr.write(`${this.redact(text, false)}\n`);
  }

  /** A line that shows a secret on purpose: only when the user passed --show-secrets. */
  noteSecret(text: string): void {
    if (this.options.showSecrets) this.io.stderr.write(`${text}\n`);
  }

  paint(code: "red" | "green" | "yellow" | "dim" | "bold", text: string): string {
    if (!this.color) return text;
    const codes = { red: 31, green: 32, yellow: 33, dim: 2, bold: 1 } as const;
    return `\u001b[${codes[code]}m${text}\u001b[0m`;
  }

  private redact(text: string, allow: boolean): string {
    if (allow) return text;
    let result = text;
    for (const secret of this.#secrets) result = result.split(secret).join(REDACTED);
    return result;
  }
}
