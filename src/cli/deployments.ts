/** `akash-gpu list | close | top-up | teardown`: declarations; the engine is imported when a command runs. */
import type { Command } from "commander";
import type { CommandContext } from "./main.js";
import { outputOption } from "./output-option.js";
import { collect } from "./render-options.js";


export function registerDeploymentCommands(program: Command, context: CommandContext): void {
  program
    .command("list")
    .description("This wallet's deployments from chain: labels, leases, cost per hour, escrow runway, age")
    .option("--all", "include closed deployments")
    .option("--label <key=value>", "only deployments with this label (repeatable)", collect)
    .option("--sample-metrics", "read each open lease's token counters (vLLM/llama.cpp /metrics) into the local ledger and show tokens served so far")
    .option("--json", "print one JSON document (exact amounts as strings)")
    .addOption(outputOption())
    .addHelpText(
      "after",
      `
Everything comes from the chain except interrupted deploys, which the local journal remembers.
--sample-metrics stores each reading in <state-dir>/ledger/<chain-id>/metric-samples.jsonl (for cost per
million tokens in reports); llama.cpp guards /metrics with its API key, read from this machine's deploy journal.

Examples:
  $ akash-gpu list --network local
  $ akash-gpu list --label team=ml --json | jq '.deployments[] | {dseq, runway}'
  $ akash-gpu list --sample-metrics
  $ akash-gpu list --all -o jsonl`,
    )
    .action(async (options, command: Command) => {
      const { listCommand } = await import("./commands/list.js");
      await listCommand(options, command.optsWithGlobals(), context);
    });

  program
    .command("close")
    .description("Close deployments (batched into as few transactions as possible) and get their escrow back")
    .argument("<dseq...>", "deployment sequence numbers")
    .option("--json", "print JSON")
    .addOption(outputOption())
    .addHelpText(
      "after",
      `
Deployments already closed are skipped. Exit codes: 0 all closed, 2 some failed, 1 invalid input.

Examples:
  $ akash-gpu close 1234567
  $ akash-gpu close 1234567 1234890 --json`,
    )
    .action(async (dseqs: string[], options, command: Command) => {
      const { closeCommand } = await import("./commands/close.js");
      await closeCommand(dseqs, options, command.optsWithGlobals(), context);
    });

  program
    .command("top-up")
    .description("Deposit into a deployment's escrow: up to a runway at the current lease prices, or an exact amount")
    .argument("<dseq>", "deployment sequence number")
    .option("--runway <duration>", "top up until this much runway remains, e.g. 48h")
    .option("--amount <act>", "deposit exactly this many ACT, e.g. 5 or 2.5")
    .option("--dry-run", "show the deposit and the runway after it; send nothing")
    .option("--json", "print JSON")
    .addOption(outputOption())
    .addHelpText(
      "after",
      `
An overdrawn or closed deployment cannot be topped up (a deposit would only pay its debt): deploy it again.

Examples:
  $ akash-gpu top-up 1234567 --runway 48h
  $ akash-gpu top-up 1234567 --amount 10 --dry-run --json`,
    )
    .action(async (dseq: string, options, command: Command) => {
      const { topUpCommand } = await import("./commands/top-up.js");
      await topUpCommand(dseq, options, command.optsWithGlobals(), context);
    });

  program
    .command("teardown")
    .description("Close every open deployment of this wallet with a label, run id or age: from chain data alone, for CI")
    .option("--label <key=value>", "deployments with this label (repeatable; all must match)", collect)
    .option("--run-id <id>", "deployments of this CI run (the label run=<id>)")
    .option("--older-than <duration>", "deployments created longer ago than this, e.g. 2h")
    .option("--all", "every open deployment of this wallet")
    .option("--dry-run", "show what would be closed and what it costs per hour; send nothing")
    .option("--json", "print one JSON result")
    .addOption(outputOption())
    .addHelpText(
      "after",
      `
At least one of --label, --run-id, --older-than or --all is required. Conditions combine (all must hold).
Exit codes: 0 every selected deployment is closed, 2 some failed, 1 invalid input.

Examples:
  $ akash-gpu teardown --run-id "$GITHUB_RUN_ID" --json
  $ akash-gpu teardown --label team=ml --older-than 2h --dry-run
  $ akash-gpu teardown --all`,
    )
    .action(async (options, command: Command) => {
      const { teardownCommand } = await import("./commands/teardown.js");
      await teardownCommand(options, command.optsWithGlobals(), context);
    });
}
