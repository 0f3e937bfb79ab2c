/**
 * An incremental JSON reader for files too large to hold in memory (the AWS EC2 offer file for one region is
 * hundreds of MB). Text arrives in chunks of any size; the caller decides, for each value inside the parts it
 * descends into, whether to capture it whole (built as a plain JS value and handed over), descend into it, or
 * skip it (tokenized, never built). So `products.<sku>` can be captured one at a time while `terms.Reserved`
 * is skipped, and memory stays proportional to the largest captured value, not to the file.
 * Malformed input throws JsonScanError with the line, column and character offset. No dependency: Node 20's
 * JSON.parse cannot stream, and a streaming parser package would be the only new dependency of the project.
 */

export type JsonPathKey = string | number;
export type ScanDecision = "capture" | "descend" | "skip";

export type JsonScanHandlers = {
  /** Called for the root and for each value directly inside a container being descended into. */
  select(path: readonly JsonPathKey[]): ScanDecision;
  /** A captured value, complete. */
  value(path: readonly JsonPathKey[], value: unknown): void;
};

export class JsonScanError extends Error {
  override name = "JsonScanError";

  constructor(
    readonly reason: string,
    readonly line: number,
    readonly column: number,
    readonly offset: number,
  ) {
    super(`line ${line}, column ${column}: ${reason}`);
  }
}

type State = "value" | "keyOrEnd" | "key" | "colon" | "commaOrEnd" | "valueOrEnd";

type Frame = {
  kind: "object" | "array";
  mode: ScanDecision;
  state: State;
  key: JsonPathKey;
  /** The value being built (capture mode). */
  target?: Record<string, unknown> | unknown[];
  /** Set on the outermost captured frame: where to report the finished value. */
  capturePath?: JsonPathKey[];
};

const NEED_MORE = Symbol("need more input");
type Token = { type: "punct"; char: string } | { type: "primitive"; value: unknown };
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const NUMBER_CHARS = new Set([..."0123456789+-.eE"].map((c) => c.charCodeAt(0)));

export class JsonScanner {
  private buf = "";
  private pos = 0;
  /** Absolute offset of buf[0]. */
  private base = 0;
  private line = 1;
  private lineStart = 0;
  private ended = false;
  private readonly stack: Frame[] = [];
  private rootDone = false;
  private tokenStart = 0;

  constructor(private readonly handlers: JsonScanHandlers) {}

  /** Characters held but not yet consumed: at most the last chunk plus one unfinished token. */
  get bufferedLength(): number {
    return this.buf.length - this.pos;
  }

  write(text: string): void {
    this.buf = this.pos > 0 ? this.buf.slice(this.pos) + text : this.buf + text;
    this.base += this.pos;
    this.pos = 0;
    this.run();
  }

  end(): void {
    this.ended = true;
    this.run();
    if (!this.rootDone) this.fail(this.stack.length > 0 ? `the file ends inside ${this.stack.length} unclosed object(s) or array(s)` : "no JSON value in the input", this.base + this.pos);
  }

  private run(): void {
    for (;;) {
      const token = this.next();
      if (token === NEED_MORE) return;
      if (token === undefined) {
        if (this.ended) return;
        continue;
      }
      this.accept(token);
    }
  }

  /** The next token; NEED_MORE when it may continue in the next chunk; undefined at the end of all input. */
  private next(): Token | typeof NEED_MORE | undefined {
    const buf = this.buf;
    let i = this.pos;
    for (; i < buf.length; i++) {
      const c = buf.charCodeAt(i);
      if (c === 10) {
        this.line++;
        this.lineStart = this.base + i + 1;
      } else if (c !== 32 && c !== 9 && c !== 13) break;
    }
    this.pos = i;
    this.tokenStart = this.base + i;
    if (i >= buf.length) return this.ended ? undefined : NEED_MORE;
    const char = buf[i]!;
    if (char === "{" || char === "}" || char === "[" || char === "]" || char === ":" || char === ",") {
      this.pos = i + 1;
      return { type: "punct", char };
    }
    if (char === '"') return this.string(i);
    if (char === "-" || (char >= "0" && char <= "9")) return this.number(i);
    for (const [word, value] of [["true", true], ["false", false], ["null", null]] as const) {
      if (buf.startsWith(word, i)) {
        this.pos = i + word.length;
        return { type: "primitive", value };
      }
      if (!this.ended && buf.length - i < word.length && word.startsWith(buf.slice(i))) return NEED_MORE;
    }
    return this.fail(`unexpected ${JSON.stringify(char)}`);
  }

  private string(start: number): Token | typeof NEED_MORE {
    const buf = this.buf;
    let j = start + 1;
    for (;;) {
      j = buf.indexOf('"', j);
      if (j < 0) {
        if (this.ended) this.fail("unterminated string");
        return NEED_MORE;
      }
      let backslashes = 0;
      for (let k = j - 1; k > start && buf.charCodeAt(k) === 92; k--) backslashes++;
      if (backslashes % 2 === 0) break;
      j++;
    }
    const raw = buf.slice(start + 1, j);
    let value = raw;
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f]/.test(raw)) this.fail("control character (a raw line break?) inside a string: is a quote missing?");
    if (raw.includes("\\")) {
      try {
        value = JSON.parse(`"${raw}"`) as string;
      } catch {
        this.fail("invalid escape sequence in string");
      }
    }
    this.pos = j + 1;
    return { type: "primitive", value };
  }

  private number(start: number): Token | typeof NEED_MORE {
    const buf = this.buf;
    let end = start;
    while (end < buf.length && NUMBER_CHARS.has(buf.charCodeAt(end))) end++;
    if (end >= buf.length && !this.ended) return NEED_MORE; // "1", "1.", "-" may go on in the next chunk
    NUMBER.lastIndex = start;
    const match = NUMBER.exec(buf);
    if (!match || start + match[0].length !== end) return this.fail("invalid number");
    this.pos = end;
    return { type: "primitive", value: Number(match[0]) };
  }

  private accept(token: Token): void {
    const frame = this.stack.at(-1);
    if (!frame) {
      if (this.rootDone) this.fail("unexpected content after the end of the JSON value");
      if (token.type === "punct" && token.char !== "{" && token.char !== "[") this.fail(`unexpected ${JSON.stringify(token.char)}`);
      return this.beginValue(token, undefined);
    }
    switch (frame.state) {
      case "keyOrEnd":
      case "key":
        if (token.type === "punct" && token.char === "}" && frame.state === "keyOrEnd") return this.close(frame);
        if (token.type !== "primitive" || typeof token.value !== "string") return this.fail(frame.state === "keyOrEnd" ? 'expected a key in double quotes or "}"' : "expected a key in double quotes");
        frame.key = token.value;
        frame.state = "colon";
        return;
      case "colon":
        if (token.type !== "punct" || token.char !== ":") return this.fail('expected ":" after the key');
        frame.state = "value";
        return;
      case "commaOrEnd":
        if (token.type === "punct" && token.char === ",") {
          if (frame.kind === "object") frame.state = "key";
          else {
            frame.key = (frame.key as number) + 1;
            frame.state = "value";
          }
          return;
        }
        if (token.type === "punct" && token.char === (frame.kind === "object" ? "}" : "]")) return this.close(frame);
        return this.fail(`expected "," or "${frame.kind === "object" ? "}" : "]"}"`);
      case "valueOrEnd":
        if (token.type === "punct" && token.char === "]") return this.close(frame);
        return this.beginValue(token, frame);
      case "value":
        return this.beginValue(token, frame);
    }
  }

  private beginValue(token: Token, parent: Frame | undefined): void {
    if (token.type === "punct" && token.char !== "{" && token.char !== "[") return this.fail(`expected a value, found ${JSON.stringify(token.char)}`);
    let decision: ScanDecision;
    let path: JsonPathKey[] | undefined;
    if (parent && parent.mode !== "descend") decision = parent.mode;
    else {
      path = this.stack.map((f) => f.key);
      decision = this.handlers.select(path);
    }
    if (parent) parent.state = "commaOrEnd";
    else if (token.type === "primitive") this.rootDone = true;

    if (token.type === "primitive") {
      if (decision !== "capture") return;
      if (parent?.mode === "capture") assign(parent, token.value);
      else this.handlers.value(path!, token.value);
      return;
    }
    const kind = token.char === "{" ? "object" : "array";
    const frame: Frame = { kind, mode: decision, state: kind === "object" ? "keyOrEnd" : "valueOrEnd", key: kind === "object" ? "" : 0 };
    if (decision === "capture") {
      frame.target = kind === "object" ? {} : [];
      if (parent?.mode === "capture") assign(parent, frame.target);
      else frame.capturePath = path!;
    }
    this.stack.push(frame);
  }

  private close(frame: Frame): void {
    this.stack.pop();
    if (frame.capturePath) this.handlers.value(frame.capturePath, frame.target);
    if (this.stack.length === 0) this.rootDone = true;
  }

  private fail(reason: string, offset = this.tokenStart): never {
    throw new JsonScanError(reason, this.line, offset - this.lineStart + 1, offset);
  }
}

function assign(parent: Frame, value: unknown): void {
  if (Array.isArray(parent.target)) parent.target.push(value);
  else (parent.target as Record<string, unknown>)[parent.key as string] = value;
}

/** Feeds decoded text chunks to a scanner and ends it. */
export async function scanJson(chunks: AsyncIterable<string>, handlers: JsonScanHandlers): Promise<void> {
  const scanner = new JsonScanner(handlers);
  for await (const chunk of chunks) scanner.write(chunk);
  scanner.end();
}
