/**
 * The incremental JSON scanner: same values as JSON.parse however the text is cut into chunks; capture,
 * descend and skip by path; errors with line and column; a buffer that never grows with the input.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { JsonScanError, JsonScanner, scanJson, type JsonPathKey } from "../../src/costs/aws/json-scanner.js";
import { textChunks } from "../../src/costs/aws/refresh.js";
import { tempDir } from "../temp-dir.js";

const DOCUMENTS = [
  '{"a":1,"b":[true,false,null],"c":{"d":"e"}}',
  ' [ -0 , 1.5e-3, 12345678901234567890, 2E+2, 0.1 ]\n',
  '{"esc":"quote \\" backslash \\\\ slash \\/ nl \\n tab \\t uni \\u00e9 \\ud83d\\ude00","raw":"é 😀 中文"}',
  '{"empty":{},"list":[],"nested":[[[]],{"x":[{}]}]}',
  '"just a string"',
  "42",
  "null",
  '{\n  "products": {\n    "SKU1": { "sku": "SKU1", "attributes": { "instanceType": "p5.48xlarge" } }\n  }\n}\n',
];

function captureAll(text: string, chunkSizes: number[]): unknown {
  let result: unknown = Symbol("nothing");
  const scanner = new JsonScanner({ select: () => "capture", value: (_path, value) => (result = value) });
  let at = 0;
  for (let i = 0; at < text.length; i++) {
    const size = chunkSizes[i % chunkSizes.length]!;
    scanner.write(text.slice(at, at + size));
    at += size;
  }
  scanner.end();
  return result;
}

function scanError(text: string): JsonScanError {
  try {
    captureAll(text, [text.length || 1]);
  } catch (error) {
    expect(error).toBeInstanceOf(JsonScanError);
    return error as JsonScanError;
  }
  throw new Error(`no error for ${text}`);
}

describe("JsonScanner", () => {
  it("gives the same values as JSON.parse, whole or cut anywhere", () => {
    for (const text of DOCUMENTS) {
      const expected = JSON.parse(text) as unknown;
      expect(captureAll(text, [text.length])).toEqual(expected);
      expect(captureAll(text, [1]), text).toEqual(expected);
      expect(captureAll(text, [3, 1, 7, 2]), text).toEqual(expected);
    }
  });

  it("captures, descends into and skips values by path, building only what it captures", () => {
    const text = '{"meta":"v1","products":{"A":{"x":1},"B":{"x":2}},"terms":{"OnDemand":{"A":{"p":"1"}},"Reserved":{"A":{"p":"0.5"}}},"other":[1,2]}';
    const selected: string[] = [];
    const values: [JsonPathKey[], unknown][] = [];
    const scanner = new JsonScanner({
      select: (path) => {
        selected.push(path.join("."));
        if (path.length === 0 || (path.length === 1 && (path[0] === "products" || path[0] === "terms")) || path.join(".") === "terms.OnDemand") return "descend";
        if (path[0] === "terms" && path[1] === "Reserved") return "skip";
        return path[0] === "other" ? "skip" : "capture";
      },
      value: (path, value) => values.push([[...path], value]),
    });
    for (const char of text) scanner.write(char);
    scanner.end();
    expect(values).toEqual([
      [["meta"], "v1"],
      [["products", "A"], { x: 1 }],
      [["products", "B"], { x: 2 }],
      [["terms", "OnDemand", "A"], { p: "1" }],
    ]);
    // Nothing inside a skipped or captured value is offered for selection.
    expect(selected).toEqual(["", "meta", "products", "products.A", "products.B", "terms", "terms.OnDemand", "terms.OnDemand.A", "terms.Reserved", "other"]);
  });

  it("reports malformed JSON with line and column", () => {
    expect(scanError('{"a":1,}')).toMatchObject({ line: 1, column: 8, reason: "expected a key in double quotes" });
    expect(scanError("[1 2]")).toMatchObject({ line: 1, column: 4, reason: 'expected "," or "]"' });
    expect(scanError('{\n  "a": 1\n  "b": 2\n}')).toMatchObject({ line: 3, column: 3, reason: 'expected "," or "}"' });
    expect(scanError('{"a" 1}')).toMatchObject({ reason: 'expected ":" after the key' });
    expect(scanError('{"a":tru}').reason).toBe('unexpected "t"');
    expect(scanError('{"a":"x\\q"}')).toMatchObject({ column: 6, reason: "invalid escape sequence in string" });
    expect(scanError('{"a":"line\nbreak"}')).toMatchObject({ line: 1, column: 6 });
    expect(scanError('{"a":"no end').reason).toBe("unterminated string");
    expect(scanError('{"a":[1,2').reason).toBe("the file ends inside 2 unclosed object(s) or array(s)");
    expect(scanError("   ").reason).toBe("no JSON value in the input");
    expect(scanError("{} []").reason).toBe("unexpected content after the end of the JSON value");
    expect(scanError("]").reason).toBe('unexpected "]"');
    expect(scanError("{1:2}").reason).toBe('expected a key in double quotes or "}"');
    expect(scanError('{"a":-}').reason).toBe("invalid number");
    expect(scanError('{"a":1.}').reason).toBe("invalid number");
    expect(scanError("[01]").reason).toBe("invalid number");
  });

  it("never holds more than the latest chunk and an unfinished token, however long the input", async () => {
    let maxBuffered = 0;
    let largestChunk = 0;
    let skippedTerms = 0;
    const scanner = new JsonScanner({ select: (path) => (path.length < 2 ? "descend" : "skip"), value: () => skippedTerms++ });
    const term = (n: number) => `"R${n}":{"R${n}.T":{"sku":"R${n}","effectiveDate":"2026-11-01T00:00:00Z","priceDimensions":{"R${n}.T.D":{"unit":"Hrs","pricePerUnit":{"USD":"0.1230000000"},"appliesTo":[]}}}}`;
    async function* chunks(): AsyncGenerator<string> {
      yield '{"terms":{"Reserved":{';
      for (let block = 0; block < 100; block++) {
        let text = "";
        for (let i = 0; i < 1000; i++) text += `${block + i === 0 ? "" : ","}${term(block * 1000 + i)}`;
        // Cut mid-token on purpose: the tail of one block is finished by the next.
        largestChunk = Math.max(largestChunk, text.length);
        yield text;
      }
      yield "}}}";
    }
    let total = 0;
    for await (const chunk of chunks()) {
      total += chunk.length;
      scanner.write(chunk);
      maxBuffered = Math.max(maxBuffered, scanner.bufferedLength);
    }
    scanner.end();
    expect(total).toBeGreaterThan(15_000_000);
    expect(maxBuffered).toBeLessThanOrEqual(largestChunk);
    expect(skippedTerms).toBe(0);
  });

  it("scanJson feeds an async source and ends it", async () => {
    const seen: unknown[] = [];
    async function* parts(): AsyncGenerator<string> {
      yield '{"a":';
      yield "12";
      yield "3}";
    }
    await scanJson(parts(), { select: () => "capture", value: (_path, value) => seen.push(value) });
    expect(seen).toEqual([{ a: 123 }]);
  });
});

describe("textChunks", () => {
  it("keeps a multi-byte character whole when a read boundary splits it", async () => {
    const path = join(tempDir("chunks"), "offer.csv");
    const text = `${"a".repeat((1 << 20) - 1)}é😀z`; // the 1 MiB read boundary falls inside "é"
    writeFileSync(path, text);
    let joined = "";
    let count = 0;
    for await (const chunk of textChunks(path)) {
      joined += chunk;
      count++;
    }
    expect(count).toBeGreaterThan(1);
    expect(joined).toBe(text);
  });

  it("names a missing file", async () => {
    const read = async () => {
      for await (const _chunk of textChunks("/nonexistent/index.csv")) void _chunk;
    };
    await expect(read()).rejects.toThrow(/Cannot read the offer file \/nonexistent\/index\.csv/);
  });
});
