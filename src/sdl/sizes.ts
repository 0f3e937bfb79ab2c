/**
 * Memory and storage sizes as the SDL writes them: binary suffixes Ki/Mi/Gi/Ti/Pi/Ei, decimal k/M/G/T/P/E
 * (also as Kb, Mb, …), or plain bytes — the same units chain-sdk accepts.
 */
const SUFFIX_BYTES: Record<string, number> = {
  "": 1,
  k: 1e3, kb: 1e3, m: 1e6, mb: 1e6, g: 1e9, gb: 1e9, t: 1e12, tb: 1e12, p: 1e15, pb: 1e15, e: 1e18, eb: 1e18,
  ki: 2 ** 10, mi: 2 ** 20, gi: 2 ** 30, ti: 2 ** 40, pi: 2 ** 50, ei: 2 ** 60,
};
const SIZE_PATTERN = /^(\d+(?:\.\d+)?)\s*([a-zA-Z]*)$/;

/** Bytes, or NaN when the text is not a size. */
export function parseSize(text: string | number): number {
  if (typeof text === "number") return text;
  const match = SIZE_PATTERN.exec(text.trim());
  if (!match) return Number.NaN;
  const factor = SUFFIX_BYTES[match[2]!.toLowerCase()];
  return factor === undefined ? Number.NaN : Number(match[1]) * factor;
}

export function isSize(text: string): boolean {
  return !Number.isNaN(parseSize(text));
}
