/** `akash-gpu report cost | yield | net`: declarations; the reports are imported when a command runs. */
import { Option, type Command } from "commander";
import { REPORT_FORMATS } from "../costs/report/document.js";
import type { CommandContext } from "./main.js";
import { collect } from "./render-options.js";

/** The flags every report takes. */
function reportOptions(command: Command): Command {
  return command
    .option("--since <when>", "start of the window: a height, a date (2026-11-01, ISO time) or an age (7d, 12h)")
    .option("--until <when>", "end of the window (default: now), same forms as --since")
    .option("--label <key=value>", "only deployments with this label (repeatable)", collect)
    .option("--address <akash1-address>", "report on this address (akash1…) instead of the wallet's")
    .addOption(new Option("--format <format>", "output format").choices(REPORT_FORMATS).default("table"))
    .option("-o, --output <file>", "write the report to a file (html: one self-contained file)")
    .option("--offline", "re-run from the inputs saved by the last online run, without the network");
}

export function registerReportCommands(program: Command, context: CommandContext): void {
  const report = program.command("report").description("Reports from chain data: cost against AWS, staking yield, and the two side by side");

  reportOptions(report.command("cost").description("Spend per lease and in total against AWS on-demand for the same GPUs; cost per million tokens"))
    .option("--no-sample-metrics", "do not read the open leases' token counters now")
    .addOption(new Option("--fees <source>", "fees of the wallet's transactions from the deploy journal or from tx search").choices(["journal", "tx-search", "none"]).default("journal"))
    .option("--hosted-prices <file>", "hosted-API prices per million tokens to set beside them (JSON: [{name, usdPerMillionInput, usdPerMillionOutput}])")
    .addHelpText(
      "after",
      `
Spend comes from the chain (every lease, open and closed, price × blocks billed, checked against escrow).
The AWS figure is the on-demand price per GPU-hour of the cheapest instance with the same GPU
(data/aws-gpu-baselines.json, dated per row); GPUs with no AWS equivalent are listed and marked.

Examples:
  $ akash-gpu report cost --network local
  $ akash-gpu report cost --since 30d --format html -o cost.html
  $ akash-gpu report cost --label team=ml --format json | jq .total.savingsPct`,
    )
    .action(async (options, command: Command) => {
      const { reportCostCommand } = await import("./commands/report-cost.js");
      await reportCostCommand(options, command.optsWithGlobals(), context);
    });

  reportOptions(report.command("yield").description("AKT staking: stake, rewards, APR, realised and projected yield; EVM positions when configured"))
    .option("--evm-positions <file>", "EVM staking positions to read too (YAML/JSON list: {kind: erc4626, rpcUrl, vault, owner, fromBlock?} or {kind: morpheus, rpcUrl, distribution, poolId, user}; optional name)")
    .addHelpText(
      "after",
      `
Realised yield = rewards withdrawn in the window + pending at its end − pending at its start. The projection
covers the next 30 days at the chain's APR and stops at the staking cutover (AKASH_STAKING_CUTOVER) if set.

Examples:
  $ akash-gpu report yield --network local
  $ akash-gpu report yield --address akash1... --since 30d --format json
  $ akash-gpu report yield --evm-positions positions.yaml --format html -o yield.html`,
    )
    .action(async (options, command: Command) => {
      const { reportYieldCommand } = await import("./commands/report-yield.js");
      await reportYieldCommand(options, command.optsWithGlobals(), context);
    });

  reportOptions(report.command("net").description("Spend and yield side by side: what share of the compute the yield paid for"))
    .addHelpText("after", "\nExamples:\n  $ akash-gpu report net --network local --since 30d\n  $ akash-gpu report net --format html -o net.html")
    .action(async (options, command: Command) => {
      const { reportNetCommand } = await import("./commands/report-net.js");
      await reportNetCommand(options, command.optsWithGlobals(), context);
    });
}
