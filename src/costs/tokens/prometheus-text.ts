/**
 * Prometheus text exposition format (0.0.4, and the OpenMetrics subset prometheus_client prints): one sample
 * per line, `name{label="value",…} value [timestamp]`, with `# HELP` / `# TYPE` comments. Label values escape
 * `\\`, `\"` and `\n`. Values are Go/Python floats ("12.0", "1.23457e+06", "+Inf", "NaN").
 */
export type PromSample = { name: string; labels: Record<string, string>; value: number };

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;

/** Every sample in the text; lines that are not samples (comments, blanks, garbage) are skipped. */
export function parsePrometheusText(text: string): PromSample[] {
  const samples: PromSample[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const sample = parseLine(line);
    if (sample) samples.push(sample);
  }
  return samples;
}

function parseLine(line: string): PromSample | undefined {
  const name = NAME.exec(line)?.[0];
  if (!name) return undefined;
  let rest = line.slice(name.length);
  const labels: Record<string, string> = {};
  if (rest.startsWith("{")) {
    const parsed = parseLabels(rest.slice(1));
    if (!parsed) return undefined;
    Object.assign(labels, parsed.labels);
    rest = parsed.rest;
  }
  const [valueText] = rest.trim().split(/\s+/);
  const value = parseValue(valueText ?? "");
  return value === undefined ? undefined : { name, labels, value };
}

/** Labels after the opening brace, up to and including the closing one. */
function parseLabels(text: string): { labels: Record<string, string>; rest: string } | undefined {
  const labels: Record<string, string> = {};
  let pos = 0;
  const skipSpaces = () => {
    while (text[pos] === " " || text[pos] === "\t") pos++;
  };
  for (;;) {
    skipSpaces();
    if (text[pos] === "}") return { labels, rest: text.slice(pos + 1) };
    const key = LABEL_NAME.exec(text.slice(pos))?.[0];
    if (!key) return undefined;
    pos += key.length;
    skipSpaces();
    if (text[pos] !== "=") return undefined;
    pos++;
    skipSpaces();
    if (text[pos] !== '"') return undefined;
    pos++;
    let value = "";
    for (;;) {
      const ch = text[pos];
      if (ch === undefined) return undefined;
      pos++;
      if (ch === '"') break;
      if (ch === "\\") {
        const next = text[pos++];
        value += next === "n" ? "\n" : (next ?? "");
      } else value += ch;
    }
    labels[key] = value;
    skipSpaces();
    if (text[pos] === ",") pos++;
  }
}

function parseValue(text: string): number | undefined {
  if (/^[+]?inf$/i.test(text)) return Number.POSITIVE_INFINITY;
  if (/^-inf$/i.test(text)) return Number.NEGATIVE_INFINITY;
  if (/^nan$/i.test(text)) return Number.NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return undefined;
  return Number(text);
}
