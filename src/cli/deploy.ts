/** `akash-gpu deploy | bids | status | logs | events`: declarations; the engine is imported when a command runs. */
import type { Command } from "commander";
import type { CommandContext } from "./main.js";
import { outputOption } from "./output-option.js";
import { addRenderOptions, collect } from "./render-options.js";


export function registerDeployCommands(program: Command, context: CommandContext): void {
  addRenderOptions(program.command("deploy").description("Deploy an inference server: deployment, bids, lease, manifest, readiness"), { required: false })
    .option("--sdl <file>", "deploy this SDL instead of rendering one ('-' for standard input)")
    .option("--replicas <n>", "leases on that many distinct providers", "1")
    .option("--strategy <strategy>", "bid choice: cheapest | cheapest-audited | prefer=<provider>[,...]", "cheapest")
    .option("--provider <names>", "accept bids only from these providers (address, host or name; repeatable)", collect)
    .option("--exclude-provider <names>", "never lease from these providers (repeatable)", collect)
    .option("--label <key=value>", "label stored on chain with the deployment (repeatable)", collect)
    .option("--run-id <id>", "CI run id, stored as the label run=<id> (default: $GITHUB_RUN_ID)")
    .option("--runway <duration>", "deposit enough for this long at the price ceiling", "24h")
    .option("--mint-act", "burn AKT for the ACT the deposit lacks")
    .option("--bid-window <blocks>", "wait at most this many blocks for bids", "12")
    .option("--min-bids <n>", "end the bid window early once every order has this many acceptable bids", "3")
    .option("--ready-timeout <duration>", "how long the server may take to load its model", "20m")
    .option("--keep-on-failure", "leave the deployment open when a step after the create fails (default: close it, refund)")
    .option("--resume", "complete (or close) deploys that were interrupted, from the journal and the chain")
    .option("--abandon", "with --resume: close interrupted deploys instead of completing them")
    .option("--dry-run", "show the plan, deposit and balance; send nothing")
    .option("--show-secrets", "print the inference API key")
    .option("--json", "print one JSON result on stdout")
    .addOption(outputOption())
    .addHelpText(
      "after",
      `
Every step is journaled in the state dir; a deploy that is killed is finished (or closed) by
\`akash-gpu deploy --resume\`. A failure after the deployment exists closes it and refunds its escrow.

Examples:
  $ akash-gpu deploy --network local --runtime vllm --model Qwen/Qwen3-8B --gpu h100 --json
  $ akash-gpu deploy --runtime llama-cpp --model Qwen/Qwen3-8B-GGUF --gpu rtx4090,rtx3090 --max-usd-per-hour 0.5 --replicas 2
  $ akash-gpu deploy --sdl qwen3.yaml --strategy cheapest-audited --label team=ml --run-id "$GITHUB_RUN_ID" -o jsonl
  $ akash-gpu deploy --resume`,
    )
    .action(async (options, command: Command) => {
      const { deployCommand } = await import("./commands/deploy.js");
      await deployCommand(options, command.optsWithGlobals(), context);
    });

  program
    .command("bids")
    .description("Bids on a deployment: price per block and per hour, provider, region, audited")
    .argument("<dseq>", "deployment sequence number")
    .option("--json", "print JSON")
    .addOption(outputOption())
    .addHelpText("after", "\nExamples:\n  $ akash-gpu bids 1234567 --network local\n  $ akash-gpu bids 1234567 --json | jq '.bids[0]'")
    .action(async (dseq: string, options, command: Command) => {
      const { bidsCommand } = await import("./commands/bids.js");
      await bidsCommand(dseq, options, command.optsWithGlobals(), context);
    });

  program
    .command("status")
    .description("A deployment's state on chain, its leases, and each provider's view of the replicas")
    .argument("<dseq>", "deployment sequence number")
    .option("--json", "print JSON")
    .addOption(outputOption())
    .addHelpText("after", "\nExamples:\n  $ akash-gpu status 1234567\n  $ akash-gpu status 1234567 --json | jq '.leases[].services'")
    .action(async (dseq: string, options, command: Command) => {
      const { statusCommand } = await import("./commands/status.js");
      await statusCommand(dseq, options, command.optsWithGlobals(), context);
    });

  for (const [name, description] of [
    ["logs", "The containers' logs, from each provider of the deployment"],
    ["events", "The cluster events of the deployment (scheduling, image pulls, restarts)"],
  ] as const) {
    program
      .command(name)
      .description(description)
      .argument("<dseq>", "deployment sequence number")
      .option("--follow", "keep streaming until interrupted")
      .option("--tail <lines>", "only the last lines (logs)")
      .option("--service <name>", "only this service")
      .option("--json", "one JSON record per line")
      .addOption(outputOption())
      .addHelpText("after", `\nExamples:\n  $ akash-gpu ${name} 1234567\n  $ akash-gpu ${name} 1234567 --follow --json`)
      .action(async (dseq: string, options, command: Command) => {
        const { streamCommand } = await import("./commands/stream.js");
        await streamCommand(name, dseq, options, command.optsWithGlobals(), context);
      });
  }
}
