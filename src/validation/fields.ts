/**
 * Small field checks for the CLI's hot path (config and `sdl render`): the same job as a schema library,
 * without its start-up cost (zod alone takes about 90 ms to load, a third of the start-up budget).
 * A check turns an unknown input into a typed value or says what was expected.
 */
export type Check<T> = (value: unknown) => { ok: true; value: T } | { ok: false; expected: string };

const ok = <T>(value: T) => ({ ok: true as const, value });
const fail = (expected: string) => ({ ok: false as const, expected });

export const text = (pattern: RegExp, expected: string): Check<string> => (value) =>
  typeof value === "string" && pattern.test(value) ? ok(value) : fail(expected);

export const refined = <T>(check: Check<T>, predicate: (value: T) => boolean, expected: string): Check<T> => (value) => {
  const result = check(value);
  return result.ok && !predicate(result.value) ? fail(expected) : result;
};

export const oneOf = <T extends string>(values: readonly T[]): Check<T> => (value) =>
  typeof value === "string" && (values as readonly string[]).includes(value) ? ok(value as T) : fail(`one of ${values.join(", ")}`);

/** Numbers, also from their text (flags and variables arrive as strings). */
export const number = (bounds: { min?: number; max?: number; above?: number; integer?: boolean }, expected: string): Check<number> => (value) => {
  const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : Number.NaN;
  if (!Number.isFinite(n)) return fail(expected);
  if (bounds.integer && !Number.isInteger(n)) return fail(expected);
  if ((bounds.min !== undefined && n < bounds.min) || (bounds.max !== undefined && n > bounds.max) || (bounds.above !== undefined && n <= bounds.above)) return fail(expected);
  return ok(n);
};

export const boolean: Check<boolean> = (value) => (typeof value === "boolean" ? ok(value) : fail("true or false"));

export const list = <T>(item: Check<T>, expected: string, min = 0): Check<T[]> => (value) => {
  if (!Array.isArray(value) || value.length < min) return fail(expected);
  const items: T[] = [];
  for (const element of value) {
    const result = item(element);
    if (!result.ok) return result;
    items.push(result.value);
  }
  return ok(items);
};

export const optional = <T>(check: Check<T>): Check<T | undefined> => (value) => (value === undefined ? ok(undefined) : check(value));

export const withDefault = <T>(check: Check<T>, fallback: T): Check<T> => (value) => (value === undefined ? ok(fallback) : check(value));

type Shape = Record<string, Check<unknown>>;
export type Checked<S extends Shape> = { [K in keyof S]: S[K] extends Check<infer T> ? T : never };

/** Checks every field of `shape`; returns the typed values, or every field at fault with what it expected. */
export function checkFields<S extends Shape>(raw: Record<string, unknown>, shape: S): { ok: true; value: Checked<S> } | { ok: false; problems: { key: string; expected: string }[] } {
  const value: Record<string, unknown> = {};
  const problems: { key: string; expected: string }[] = [];
  for (const [key, check] of Object.entries(shape)) {
    const result = check(raw[key]);
    if (result.ok) value[key] = result.value;
    else problems.push({ key, expected: result.expected });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: value as Checked<S> };
}
