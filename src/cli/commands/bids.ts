/** `akash-gpu bids <dseq>`: every bid with its price per block and per hour, the provider's region and audit. */
import { getProvider, listBids } from "../../chain/queries/index.js";
import { Dec } from "../../costs/decimal.js";
import { formatUsd, usdNumber } from "../../costs/format.js";
import { uactPerBlockToUsdPerHour } from "../../costs/price.js";
import { AKASH_AUDITOR } from "../../sdl/render-params.js";
import { onChain } from "../connect.js";
import type { CommandContext } from "../main.js";
import { table } from "../table.js";
import { parseDseq } from "./dseq.js";

export async function bidsCommand(dseqText: string, options: { json?: boolean; output?: string }, globals: Record<string, unknown>, { io }: CommandContext): Promise<void> {
  const dseq = parseDseq(dseqText);
  await onChain(io, globals, options, async ({ output, mode, session, blockTime, price }) => {
    const { chain } = session;
    const bids = (await listBids(chain.sdk, { owner: chain.address, dseq })).sort((a, b) => a.id.gseq - b.id.gseq || a.price.amount.cmp(b.price.amount));
    const rows = await Promise.all(
      bids.map(async (bid) => {
        const info = await getProvider(chain.sdk, bid.id.provider);
        const usd = bid.price.denom === "uact" ? uactPerBlockToUsdPerHour(bid.price.amount, price) : undefined;
        return {
          provider: bid.id.provider,
          name: info?.attributes.organization ?? null,
          gseq: bid.id.gseq,
          oseq: bid.id.oseq,
          bseq: bid.id.bseq,
          state: bid.state,
          pricePerBlock: { denom: bid.price.denom, amount: bid.price.amount.toString() },
          usdPerHour: usd ? usdNumber(usd) : null,
          region: info?.region ?? null,
          audited: Boolean(info?.auditors.includes(AKASH_AUDITOR)),
          createdAt: bid.createdAt,
        };
      }),
    );
    if (mode === "jsonl") for (const row of rows) output.json(row);
    else if (mode === "json") output.json({ dseq: dseq.toString(), blockTimeMs: Math.round(blockTime.ms), bids: rows });
    else if (rows.length === 0) output.out(`no bids on deployment ${dseq}`);
    else {
      output.out(
        table(
          ["GSEQ", "PROVIDER", "REGION", "AUDITED", "UACT/BLOCK", "USD/H", "STATE", "HEIGHT"],
          rows.map((r) => [String(r.gseq), r.name ?? r.provider, r.region ?? "-", r.audited ? "yes" : "no", r.pricePerBlock.amount, r.usdPerHour === null ? "-" : formatUsd(Dec.from(r.usdPerHour)), r.state, String(r.createdAt)]),
        ),
      );
    }
  });
}
