/** `akash-gpu config show`: the resolved configuration and where each value came from. */
import type { Command } from "commander";
import type { CommandContext } from "./main.js";

export function registerConfigCommands(program: Command, context: CommandContext): void {
  program
    .command("config")
    .description("Inspect the configuration")
    .command("show")
    .description("Print every setting with its value and origin (flag, variable, config file, preset); secrets are never shown")
    .option("--json", "print JSON")
    .addHelpText(
      "after",
      `
Examples:
  $ akash-gpu config show
  $ AKASH_GAS_PRICE=0.03uakt akash-gpu config show --network mainnet --json`,
    )
    .action(async (options: { json?: boolean }, command: Command) => {
      const { configShowCommand } = await import("./commands/config-show.js");
      configShowCommand(options, command.optsWithGlobals(), context);
    });
}
