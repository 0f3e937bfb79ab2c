/** `akash-gpu sdl validate <file>`: exit 0 when valid, 1 when not, with a summary or the problems. */
import { formatUsd, usdNumber } from "../../costs/format.js";
import { ExitCode } from "../../errors/exit-codes.js";
import { analyzeSdl } from "../../sdl/analyze.js";
import type { SdlIssue } from "../../sdl/issues.js";
import type { SdlSummary } from "../../sdl/summary.js";
import { configFromFlags, readInputFile } from "../common.js";
import { Output } from "../io.js";
import type { CommandContext } from "../main.js";

export async function validateCommand(file: string, options: { json?: boolean }, globals: Record<string, unknown>, context: CommandContext): Promise<void> {
  const { io } = context;
  const output = new Output(io, { json: options.json });
  const config = configFromFlags(globals, io);
  const price = { blockTimeMs: config.blockTimeMs, actUsd: config.actUsd };
  const analysis = await analyzeSdl(readInputFile(file, io), price);
  const name = file === "-" ? "standard input" : file;

  if (!analysis.valid) {
    context.setExitCode(ExitCode.Failure);
    if (options.json) return output.json({ valid: false, errors: analysis.errors, warnings: analysis.warnings });
    output.note(`${output.paint("red", "✗ invalid SDL:")} ${name}`);
    for (const problem of analysis.errors) printIssue(output, problem, "red");
    for (const warning of analysis.warnings) printIssue(output, warning, "yellow");
    return;
  }

  const { summary } = analysis;
  if (options.json) {
    return output.json({
      valid: true,
      manifestVersion: analysis.manifestVersion,
      groups: summary.groups,
      gpus: summary.gpus,
      pricePerBlock: summary.pricePerBlock,
      usdPerHour: summary.usdPerHour ? usdNumber(summary.usdPerHour) : null,
      blockTimeMs: config.blockTimeMs,
      reclamationMinWindow: analysis.reclamationMinWindow ?? null,
      warnings: analysis.warnings,
    });
  }
  output.out(`${output.paint("green", "✓ valid SDL:")} ${name}`);
  output.out(`  manifest version  ${analysis.manifestVersion}`);
  for (const line of describeGroups(summary)) output.out(`  ${line}`);
  const perHour = summary.usdPerHour === undefined ? "(not in uact: no USD figure)" : `≈ ${formatUsd(summary.usdPerHour)}/h at ${config.blockTimeMs / 1000}s blocks`;
  output.out(`  price ceiling     ${summary.pricePerBlock.amount} ${summary.pricePerBlock.denom}/block ${perHour}`);
  if (analysis.reclamationMinWindow) output.out(`  reclamation       providers must give at least ${analysis.reclamationMinWindow} notice`);
  for (const warning of analysis.warnings) printIssue(output, warning, "yellow");
}

function printIssue(output: Output, found: SdlIssue, colour: "red" | "yellow"): void {
  const where = found.line ? `${found.path} (line ${found.line})` : found.path;
  output.note(`  ${output.paint(colour, colour === "red" ? "error" : "warning")} ${where}: ${found.message}`);
  output.note(`    fix: ${found.fix}`);
}

const gib = (bytes: number): string => `${Math.round((bytes / 2 ** 30) * 10) / 10}Gi`;

function describeGroups(summary: SdlSummary): string[] {
  return summary.groups.flatMap((group) => {
    const placement = [
      ...Object.entries(group.attributes).map(([k, v]) => `${k}=${v}`),
      ...(group.signedBy.anyOf.length + group.signedBy.allOf.length > 0 ? ["audited"] : []),
    ];
    return [
      `group ${group.name}${placement.length > 0 ? ` (${placement.join(", ")})` : ""}`,
      ...group.resources.map((unit) => {
        const gpus = unit.gpu.units > 0 ? `, ${unit.gpu.units} GPU: ${unit.gpu.models.map((m) => [m.model, m.ram, m.interface].filter(Boolean).join(" ")).join(" | ")}` : "";
        const storage = unit.storage.map((v) => `${v.name} ${gib(v.bytes)}${v.class ? ` ${v.class}` : ""}`).join(" + ");
        return `  ${unit.count} x ${unit.cpu} CPU, ${gib(unit.memoryBytes)} memory, storage ${storage}${gpus}; ${unit.pricePerBlock.amount} ${unit.pricePerBlock.denom}/block each`;
      }),
    ];
  });
}
