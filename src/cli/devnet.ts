/** `akash-gpu devnet start | stop`: declarations only; the devnet is imported when the command runs. */
import type { Command } from "commander";
import type { CommandContext } from "./main.js";

export function registerDevnetCommands(program: Command, context: CommandContext): void {
  const devnet = program.command("devnet").description("Run the embedded local Akash network (chain, providers, inference workloads) on loopback");

  devnet
    .command("start")
    .description("Start the devnet in the foreground until Ctrl-C (SIGINT) or SIGTERM")
    .option("--providers <file>", "provider fleet YAML (default: data/devnet-fleet.yaml)")
    .option("--json", "print the description as one JSON line")
    .addHelpText(
      "after",
      `
The global --block-time (50ms to 6s; default 1s), --chain-id (default akash-local-1) and --state-dir
(default .akash-gpu) apply. Prints the endpoints, the test wallet (a public, deterministic mnemonic: never use it on a real network) and
the providers, and writes the same to <state dir>/devnet.json, which --network local then uses. The chain's
state is kept in the state dir, so a restart continues where it stopped.

Examples:
  $ akash-gpu devnet start
  $ akash-gpu devnet start --block-time 200ms --json > devnet.json &
  $ akash-gpu --state-dir /tmp/dn devnet start --providers my-fleet.yaml`,
    )
    .action(async (options, command: Command) => {
      const { devnetStartCommand } = await import("./commands/devnet-start.js");
      await devnetStartCommand(options, command.optsWithGlobals(), context);
    });

  devnet
    .command("stop")
    .description("Stop the devnet that runs from this state dir")
    .addHelpText("after", "\nExamples:\n  $ akash-gpu devnet stop\n  $ akash-gpu --state-dir /tmp/dn devnet stop")
    .action(async (_options, command: Command) => {
      const { devnetStopCommand } = await import("./commands/devnet-stop.js");
      await devnetStopCommand(command.optsWithGlobals(), context);
    });
}
