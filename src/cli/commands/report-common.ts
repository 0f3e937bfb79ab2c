/** What every report command shares: the window, the address, the AKT price, and where the output goes. */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseDuration } from "../../config/duration.js";
import type { Config } from "../../config/load.js";
import { describeAktPrice, resolveAktPrice, type AktPrice } from "../../costs/akt-price.js";
import { renderReport } from "../../costs/report/render.js";
import type { ReportDocument, ReportFormat } from "../../costs/report/document.js";
import { parseOwnerAddress } from "../../costs/spend/owner.js";
import { parseWindowBound } from "../../costs/spend/window.js";
import type { WindowInput } from "../../costs/spend/types.js";
import type { Io } from "../io.js";

export type ReportFlags = { since?: string; until?: string; label?: string[]; address?: string; format?: ReportFormat; output?: string; offline?: boolean };

/** `--since 7d` is an age; anything else a height or an ISO date (spend/window.ts). */
function bound(field: "--since" | "--until", text: string | undefined, now: Date): WindowInput["since"] {
  if (text === undefined) return undefined;
  const age = /^\d+(\.\d+)?(ms|s|m|h|d)$/.test(text.trim()) ? parseDuration(text) : undefined;
  return age !== undefined ? new Date(now.getTime() - age) : parseWindowBound(field, text);
}

export function reportWindow(flags: ReportFlags, now = new Date()): WindowInput {
  return { since: bound("--since", flags.since, now), until: bound("--until", flags.until, now) };
}

export function reportAddress(flags: ReportFlags, wallet: string | undefined): string {
  return parseOwnerAddress(flags.address ?? wallet ?? "", "--address");
}

/** The AKT price if one can be had; a report with uakt amounts marks them instead of failing without it. */
export async function optionalAktPrice(config: Config): Promise<{ price: AktPrice | undefined; line: string }> {
  try {
    const price = await resolveAktPrice(config);
    return { price, line: describeAktPrice(price) };
  } catch (error) {
    return { price: undefined, line: `AKT price unavailable: ${(error as Error).message.split("\n")[0]}` };
  }
}

/** The report on stdout, or in a file with `-o` (then one line on stderr says where). */
export function emitReport(doc: ReportDocument, flags: ReportFlags, io: Io, note: (text: string) => void): void {
  const text = renderReport(doc, flags.format ?? "table");
  if (flags.output) {
    const path = resolve(io.cwd, flags.output);
    writeFileSync(path, text);
    note(`wrote ${flags.format ?? "table"} report to ${path}`);
  } else io.stdout.write(text);
}
