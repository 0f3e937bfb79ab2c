/**
 * The block time as the chain shows it: the mean interval over the last `span` blocks, from their header
 * times. Prices are per block, so money per hour is only as right as this; the configured value is the
 * fallback for a chain too young (or a node that cannot serve old headers).
 */
export type BlockTimeSource = { height(): Promise<number>; blockTime(height: number): Promise<Date> };

export type MeasuredBlockTime = { ms: number; source: "chain" | "config"; span: number };

export async function measureBlockTime(chain: BlockTimeSource, fallbackMs: number, span = 50): Promise<MeasuredBlockTime> {
  try {
    const head = await chain.height();
    const blocks = Math.min(span, head - 1);
    if (blocks < 5) return { ms: fallbackMs, source: "config", span: 0 };
    const [end, start] = await Promise.all([chain.blockTime(head), chain.blockTime(head - blocks)]);
    const ms = (end.getTime() - start.getTime()) / blocks;
    return ms > 0 ? { ms, source: "chain", span: blocks } : { ms: fallbackMs, source: "config", span: 0 };
  } catch {
    return { ms: fallbackMs, source: "config", span: 0 };
  }
}
