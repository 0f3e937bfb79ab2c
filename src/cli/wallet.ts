/** `akash-gpu wallet address | balance | mint-act`: declarations; the chain clients are imported when a command runs. */
import type { Command } from "commander";
import type { CommandContext } from "./main.js";
import { outputOption } from "./output-option.js";

export function registerWalletCommands(program: Command, context: CommandContext): void {
  const wallet = program.command("wallet").description("The wallet: address, balances, minting ACT (the mnemonic is never shown)");
  for (const [name, description] of [
    ["address", "Print the wallet's address"],
    ["balance", "Print the wallet's balances: AKT (uakt) for gas and staking, ACT (uact) for deployments"],
  ] as const) {
    wallet
      .command(name)
      .description(description)
      .option("--json", "print JSON")
      .addOption(outputOption())
      .addHelpText(
        "after",
        `
The mnemonic comes from AKASH_MNEMONIC, or AKASH_MNEMONIC_FILE (a file only you can read), or — with
--network local — the running devnet's test wallet.

Examples:
  $ akash-gpu wallet ${name} --network local
  $ AKASH_MNEMONIC_FILE=~/.akash/mnemonic akash-gpu wallet ${name} --json`,
      )
      .action(async (options: { json?: boolean; output?: string }, command: Command) => {
        const { walletCommand } = await import("./commands/wallet.js");
        // One JSON object either way: for these commands a jsonl stream is that single record.
        await walletCommand(name, { json: Boolean(options.json || options.output) }, command.optsWithGlobals(), context);
      });
  }

  wallet
    .command("mint-act")
    .description("Mint ACT (uact) by burning AKT: deployments are priced and deposited in ACT, which cannot be sent between wallets")
    .requiredOption("--amount <ACT>", "ACT to mint, e.g. 5 or 12.5 (at most 6 decimals)")
    .option("--dry-run", "print what would be burnt and minted, and check it with the chain, without sending")
    .option("--json", "print one JSON object")
    .addOption(outputOption())
    .addHelpText(
      "after",
      `
The AKT to burn follows the chain's oracle price where the node serves it, else --akt-usd (AKASH_AKT_USD),
plus the mint spread and a 1% margin. The ACT arrives when the mint settles (on mainnet about a minute
later); the command waits for it, up to 3 minutes, and reports the amount actually minted.
The chain has a minimum mint (bme min_mint, 10 ACT on mainnet): a smaller --amount is refused, since the
chain would cancel the mint at the epoch and refund the AKT. If the chain cancels a mint anyway (the price
fell below the minimum meanwhile, or the oracle price went stale), the command says so and why.

Examples:
  $ akash-gpu wallet mint-act --amount 5 --network local --akt-usd 1.25
  $ akash-gpu wallet mint-act --amount 20 --dry-run --json`,
    )
    .action(async (options: { amount: string; dryRun?: boolean; json?: boolean; output?: string }, command: Command) => {
      const { mintActCommand } = await import("./commands/wallet.js");
      await mintActCommand({ ...options, json: Boolean(options.json || options.output) }, command.optsWithGlobals(), context);
    });
}
