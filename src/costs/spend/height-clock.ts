/**
 * Heights ↔ times from a few block header samples, by linear interpolation between them (and extrapolation
 * beyond, along the nearest segment). Reading every header of a year (5 million on mainnet) to put blocks on
 * days is not an option; blocks come at a nearly steady pace, so a dozen samples place a day boundary within a
 * few blocks — and every height that was actually read is exact.
 */
import type { HeightTime } from "./types.js";

export class HeightClock {
  readonly #samples: HeightTime[] = [];

  /** `fallbackBlockMs` is the pace used while fewer than two samples are known. */
  constructor(
    samples: readonly HeightTime[] = [],
    readonly fallbackBlockMs = 6000,
  ) {
    for (const sample of samples) this.add(sample);
  }

  /** Samples, by height. */
  get samples(): HeightTime[] {
    return this.#samples.map((s) => ({ height: s.height, time: new Date(s.time.getTime()) }));
  }

  get size(): number {
    return this.#samples.length;
  }

  /** The sampled time of `height`, if it was read. */
  timeOf(height: number): Date | undefined {
    const sample = this.#samples[this.#indexAbove(height) - 1];
    return sample?.height === height ? new Date(sample.time.getTime()) : undefined;
  }

  add(sample: HeightTime): void {
    const at = this.#indexAbove(sample.height);
    if (this.#samples[at - 1]?.height === sample.height) return;
    this.#samples.splice(at, 0, { height: sample.height, time: new Date(sample.time.getTime()) });
  }

  /** The time of `height`: exact when it was sampled, interpolated otherwise. */
  timeAt(height: number): Date {
    const [a, b] = this.#segment((s) => s.height <= height);
    if (!a) throw new RangeError("a height clock needs at least one sample");
    if (a.height === height) return new Date(a.time.getTime());
    if (b?.height === height) return new Date(b.time.getTime());
    return new Date(Math.round(a.time.getTime() + (height - a.height) * this.#pace(a, b)));
  }

  /** The first height whose (interpolated) time is at or after `time`. */
  firstHeightAtOrAfter(time: Date): number {
    const t = time.getTime();
    const [a, b] = this.#segment((s) => s.time.getTime() <= t);
    if (!a) throw new RangeError("a height clock needs at least one sample");
    let height = Math.max(1, a.height + Math.ceil((t - a.time.getTime()) / this.#pace(a, b)));
    // Rounding in timeAt can put the guess a block off: settle it against timeAt itself (a few steps at most).
    for (let step = 0; step < 64 && height > 1 && this.timeAt(height - 1).getTime() >= t; step++) height--;
    for (let step = 0; step < 64 && this.timeAt(height).getTime() < t; step++) height++;
    return height;
  }

  /** The last height whose (interpolated) time is at or before `time`. */
  lastHeightAtOrBefore(time: Date): number {
    return this.firstHeightAtOrAfter(new Date(time.getTime() + 1)) - 1;
  }

  /**
   * The two samples to interpolate with for a position: the last sample `before` it holds for and the next one,
   * or — outside the sampled range — the two nearest, so extrapolation follows the closest pace.
   */
  #segment(before: (s: HeightTime) => boolean): [HeightTime | undefined, HeightTime | undefined] {
    const samples = this.#samples;
    if (samples.length === 0) return [undefined, undefined];
    if (samples.length === 1) return [samples[0], undefined];
    let i = -1;
    for (let lo = 0, hi = samples.length - 1; lo <= hi; ) {
      const mid = (lo + hi) >> 1;
      if (before(samples[mid]!)) {
        i = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (i < 0) return [samples[0], samples[1]];
    if (i >= samples.length - 1) return [samples[samples.length - 2], samples[samples.length - 1]];
    return [samples[i], samples[i + 1]];
  }

  /** Milliseconds per block along a segment; the fallback pace where the samples cannot tell (one sample, equal times). */
  #pace(a: HeightTime, b: HeightTime | undefined): number {
    const ms = b ? (b.time.getTime() - a.time.getTime()) / (b.height - a.height) : 0;
    return ms > 0 ? ms : this.fallbackBlockMs;
  }

  #indexAbove(height: number): number {
    let lo = 0;
    let hi = this.#samples.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#samples[mid]!.height <= height) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
