/** `akash-gpu wallet address | balance`: declarations; the chain clients are imported when a command runs. */
import type { Command } from "commander";
import type { CommandContext } from "./main.js";

export function registerWalletCommands(program: Command, context: CommandContext): void {
  const wallet = program.command("wallet").description("The wallet: address and balances (the mnemonic is never shown)");
  for (const [name, description] of [
    ["address", "Print the wallet's address"],
    ["balance", "Print the wallet's balances: AKT (uakt) for gas and staking, ACT (uact) for deployments"],
  ] as const) {
    wallet
      .command(name)
      .description(description)
      .option("--json", "print JSON")
      .addHelpText(
        "after",
        `
The mnemonic comes from AKASH_MNEMONIC, or AKASH_MNEMONIC_FILE (a file only you can read), or — with
--network local — the running devnet's test wallet.

Examples:
  $ akash-gpu wallet ${name} --network local
  $ AKASH_MNEMONIC_FILE=~/.akash/mnemonic akash-gpu wallet ${name} --json`,
      )
      .action(async (options: { json?: boolean }, command: Command) => {
        const { walletCommand } = await import("./commands/wallet.js");
        await walletCommand(name, options, command.optsWithGlobals(), context);
      });
  }
}
