/**
 * The chain's state: a key-value map with a journal, so a transaction that fails part-way is undone as a
 * whole (a tx with several messages is atomic). Values are plain data and are never mutated in place:
 * writers store a new object, which is what makes the undo journal correct.
 */
const ABSENT = Symbol("absent");

/** Read access to the state, now or as it was at the end of an earlier block. */
export type StoreReader = Pick<KvStore, "get" | "has" | "scan" | "values">;

export class KvStore {
  readonly #data = new Map<string, unknown>();
  #journal: [string, unknown][] | undefined;
  /** For each recent block, every key it changed with the value it had before: enough to read old heights. */
  readonly #history = new Map<number, Map<string, unknown>>();
  #changes = new Map<string, unknown>();

  get<T>(key: string): T | undefined {
    return this.#data.get(key) as T | undefined;
  }

  has(key: string): boolean {
    return this.#data.has(key);
  }

  set<T>(key: string, value: T): void {
    this.#remember(key);
    this.#data.set(key, value);
  }

  delete(key: string): void {
    if (!this.#data.has(key)) return;
    this.#remember(key);
    this.#data.delete(key);
  }

  /** Entries whose key starts with `prefix`, in key order. */
  scan<T>(prefix: string): [string, T][] {
    const entries: [string, T][] = [];
    for (const [key, value] of this.#data) if (key.startsWith(prefix)) entries.push([key, value as T]);
    return entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  values<T>(prefix: string): T[] {
    return this.scan<T>(prefix).map(([, value]) => value);
  }

  /** Runs `fn` so that either all its writes stay or, if it throws, none do. Nests. */
  atomically<R>(fn: () => R): R {
    const outer = this.#journal;
    const journal: [string, unknown][] = [];
    this.#journal = journal;
    try {
      const result = fn();
      if (outer) outer.push(...journal);
      return result;
    } catch (error) {
      for (const [key, previous] of journal.reverse()) {
        if (previous === ABSENT) this.#data.delete(key);
        else this.#data.set(key, previous);
      }
      throw error;
    } finally {
      this.#journal = outer;
    }
  }

  /** Runs `fn` and undoes all its writes, keeping its result: CheckTx, simulation, "what if" reads. */
  dryRun<R>(fn: () => R): R {
    const rollback = Symbol("rollback");
    let result: R | undefined;
    try {
      this.atomically(() => {
        result = fn();
        throw rollback;
      });
    } catch (error) {
      if (error !== rollback) throw error;
    }
    return result as R;
  }

  entries(): IterableIterator<[string, unknown]> {
    return this.#data.entries();
  }

  load(entries: Iterable<[string, unknown]>): void {
    this.#data.clear();
    for (const [key, value] of entries) this.#data.set(key, value);
  }

  #remember(key: string): void {
    const previous = this.#data.has(key) ? this.#data.get(key) : ABSENT;
    if (this.#journal) this.#journal.push([key, previous]);
    if (!this.#changes.has(key)) this.#changes.set(key, previous);
  }

  /** Closes block `height`'s record of changes; keeps the last `keep` blocks readable. */
  commitVersion(height: number, keep: number): void {
    this.#history.set(height, this.#changes);
    this.#changes = new Map();
    this.#history.delete(height - keep);
  }

  /** The oldest height still readable, given the head. */
  oldestReadable(head: number): number {
    let oldest = head;
    while (this.#history.has(oldest)) oldest -= 1;
    return oldest;
  }

  /** The state at the end of block `height` (head: the live store). */
  at(height: number, head: number): StoreReader {
    if (height >= head) return this;
    // Value at the end of `height` = what the first later block to change the key found there.
    const later = [...Array(head - height).keys()].map((i) => this.#history.get(height + 1 + i) ?? new Map<string, unknown>());
    const read = (key: string): unknown => {
      for (const changes of later) if (changes.has(key)) return changes.get(key);
      return this.#data.has(key) ? this.#data.get(key) : ABSENT;
    };
    const scan = <T>(prefix: string): [string, T][] => {
      const keys = new Set([...this.#data.keys(), ...later.flatMap((changes) => [...changes.keys()])].filter((key) => key.startsWith(prefix)));
      return [...keys]
        .sort()
        .map((key) => [key, read(key)] as [string, unknown])
        .filter(([, value]) => value !== ABSENT) as [string, T][];
    };
    return {
      get: <T>(key: string) => {
        const value = read(key);
        return (value === ABSENT ? undefined : value) as T | undefined;
      },
      has: (key: string) => read(key) !== ABSENT,
      scan,
      values: <T>(prefix: string) => scan<T>(prefix).map(([, value]) => value),
    };
  }
}

/** Fixed-width decimal for keys, so that key order is numeric order. */
export const seqKey = (value: bigint | number): string => value.toString().padStart(20, "0");
