/**
 * The deploy journal: one append-only JSON-lines file per deployment in the state dir, written before and after
 * every step that touches the chain or a provider, and flushed to disk each time. A deploy killed at any point
 * leaves enough here for `deploy --resume` to find the deployment on chain and complete or close it.
 * The file holds the manifest (with the inference API key), so it is readable by its owner only.
 */
import { appendFileSync, closeSync, fsyncSync, mkdirSync, openSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

export type JournalStep = "plan" | "create" | "bids" | "lease" | "manifest" | "ready" | "close";
export type JournalPhase = "begin" | "done" | "failed";
export type JournalEntry = { at: string; step: JournalStep; phase: JournalPhase; data?: Record<string, unknown> };

export class Journal {
  private constructor(
    readonly path: string,
    readonly dseq: bigint,
    private readonly cache: JournalEntry[],
  ) {}

  static directory(stateDir: string, chainId: string, owner: string): string {
    return join(stateDir, "journal", chainId, owner);
  }

  static open(stateDir: string, chainId: string, owner: string, dseq: bigint): Journal {
    const dir = Journal.directory(stateDir, chainId, owner);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const path = join(dir, `${dseq}.jsonl`);
    return new Journal(path, dseq, readEntries(path));
  }

  /** Journals of this wallet on this chain whose deploy neither finished nor was closed. */
  static unfinished(stateDir: string, chainId: string, owner: string): Journal[] {
    const dir = Journal.directory(stateDir, chainId, owner);
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return [];
    }
    return names
      .filter((name) => /^\d+\.jsonl$/.test(name))
      .map((name) => new Journal(join(dir, name), BigInt(name.slice(0, -6)), readEntries(join(dir, name))))
      .filter((journal) => !journal.finished)
      .sort((a, b) => (a.dseq < b.dseq ? -1 : 1));
  }

  get entries(): readonly JournalEntry[] {
    return this.cache;
  }

  /** Ended: ready, closed, or nothing was ever sent to the chain. */
  get finished(): boolean {
    return this.cache.some((e) => (e.step === "ready" || e.step === "close") && e.phase === "done") || (this.cache.length > 0 && !this.cache.some((e) => e.step === "create"));
  }

  /** The data of the last entry for a step and phase. */
  last(step: JournalStep, phase: JournalPhase = "done"): Record<string, unknown> | undefined {
    for (let i = this.cache.length - 1; i >= 0; i--) if (this.cache[i]!.step === step && this.cache[i]!.phase === phase) return this.cache[i]!.data ?? {};
    return undefined;
  }

  record(step: JournalStep, phase: JournalPhase, data?: Record<string, unknown>): void {
    const entry: JournalEntry = { at: new Date().toISOString(), step, phase, ...(data ? { data } : {}) };
    const fd = openSync(this.path, "a", 0o600);
    try {
      appendFileSync(fd, `${JSON.stringify(entry, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value))}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    this.cache.push(entry);
  }
}

function readEntries(path: string): JournalEntry[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return [];
  }
  // A kill during a write can leave a partial last line: everything before it still counts.
  return text.split("\n").flatMap((line) => {
    try {
      return line ? [JSON.parse(line) as JournalEntry] : [];
    } catch {
      return [];
    }
  });
}
