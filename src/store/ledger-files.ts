/**
 * Files of the local ledger (<stateDir>/ledger/<chainId>/…): append-only JSON lines for records that
 * accumulate (metric samples), and whole JSON documents replaced atomically (write aside, then rename) for
 * snapshots (report inputs). Appends are flushed to disk; a torn last line — a crash mid-write — or a
 * hand-edited bad line is skipped on reading, not fatal. Nothing here is secret (API keys never come here),
 * so files keep the usual mode; the directories are the owner's, as the rest of the state dir.
 */
import { appendFileSync, closeSync, fstatSync, fsyncSync, mkdirSync, openSync, readFileSync, readSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** The ledger directory of one chain; chain ids are plain names ("akashnet-2", "akash-local-1"). */
export function ledgerDir(stateDir: string, chainId: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(chainId)) throw new RangeError(`not a chain id: ${JSON.stringify(chainId)}`);
  return join(stateDir, "ledger", chainId);
}

/** JSON with bigints as decimal strings (money and dseqs travel as exact text). */
export const toJsonText = (value: unknown): string => JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v));

export function appendJsonLines(file: string, records: readonly unknown[]): void {
  if (records.length === 0) return;
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const fd = openSync(file, "a+");
  try {
    // After a torn last line (a crash mid-write), start on a new line so the first new record is not glued to it.
    const size = fstatSync(fd).size;
    const last = Buffer.alloc(1);
    const torn = size > 0 && readSync(fd, last, 0, 1, size - 1) === 1 && last[0] !== 0x0a;
    appendFileSync(fd, `${torn ? "\n" : ""}${records.map((r) => `${toJsonText(r)}\n`).join("")}`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Every line `decode` accepts, in file order; a missing file is an empty ledger. */
export function readJsonLines<T>(file: string, decode: (value: unknown) => T | undefined): T[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return [];
  }
  const records: T[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    try {
      const record = decode(JSON.parse(line));
      if (record !== undefined) records.push(record);
    } catch {
      // a torn or hand-edited line: the others still count
    }
  }
  return records;
}

/** Replaces `file` with `value` in one step: a reader sees the old document or the new one, never half. */
export function writeJsonAtomically(file: string, value: unknown): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const aside = `${file}.${process.pid}.tmp`;
  writeFileSync(aside, `${toJsonText(value)}\n`);
  const fd = openSync(aside, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(aside, file);
}

/** The parsed document, or undefined when there is none; a file that is not JSON throws SyntaxError. */
export function readJsonDocument(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  return JSON.parse(text);
}
