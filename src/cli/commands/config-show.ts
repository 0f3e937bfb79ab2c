import { SETTINGS } from "../../config/settings.js";
import { redactUrl } from "../../costs/price-api.js";
import { configFromFlags } from "../common.js";
import { Output } from "../io.js";
import type { CommandContext } from "../main.js";

export function configShowCommand(options: { json?: boolean }, globals: Record<string, unknown>, { io }: CommandContext): void {
  const output = new Output(io, { json: options.json });
  const config = configFromFlags(globals, io);
  const values: Record<string, unknown> = {
    network: config.network,
    chainId: config.chainId,
    rpc: config.rpc,
    grpc: config.grpc,
    rest: config.rest,
    mnemonic: config.mnemonic ? "(set, not shown)" : null,
    mnemonicFile: config.mnemonicFile ?? null,
    gasPrice: config.gasPrice,
    gasAdjustment: config.gasAdjustment,
    blockTime: `${config.blockTimeMs}ms`,
    aktUsd: config.aktUsd?.toString() ?? null,
    actUsd: config.actUsd.toString(),
    priceApi: redactUrl(config.priceApi),
    stakingCutover: config.stakingCutover ? (config.stakingCutover.kind === "height" ? `height ${config.stakingCutover.height}` : config.stakingCutover.time.toISOString()) : null,
    stateDir: config.stateDir,
  };
  if (options.json) {
    return output.json({ settings: values, origins: config.origins, configFile: config.configFile ?? null });
  }
  const rows = SETTINGS.map((s) => [s.key, values[s.key] === null ? "-" : String(values[s.key]), config.origins[s.key] ?? "not set", s.env]);
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i]!.length), ["SETTING", "VALUE", "FROM"][i]!.length));
  const format = (row: string[]) => row.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell)).join("  ");
  output.out(output.paint("bold", format(["SETTING", "VALUE", "FROM", "VARIABLE"])));
  for (const row of rows) output.out(format(row));
  if (config.configFile) output.out(`\nconfig file: ${config.configFile}`);
}
