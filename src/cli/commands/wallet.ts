/** `akash-gpu wallet address | balance`. */
import { getBalances } from "../../chain/balances.js";
import { loadMnemonic } from "../../chain/wallet-source.js";
import { openWallet } from "../../chain/wallet.js";
import { Dec } from "../../costs/decimal.js";
import { configFromFlags } from "../common.js";
import { Output } from "../io.js";
import type { CommandContext } from "../main.js";

const DISPLAY: Record<string, string> = { uakt: "AKT", uact: "ACT" };

export async function walletCommand(name: "address" | "balance", options: { json?: boolean }, globals: Record<string, unknown>, { io }: CommandContext): Promise<void> {
  const output = new Output(io, { json: options.json });
  const config = configFromFlags(globals, io);
  const mnemonic = loadMnemonic(config);
  output.guard(mnemonic.reveal());
  const { address } = await openWallet(mnemonic);
  if (name === "address") return options.json ? output.json({ address, network: config.network }) : output.out(address);

  const balances = (await getBalances(config.grpc, address)).map((coin) => {
    const unit = DISPLAY[coin.denom];
    return { denom: coin.denom, amount: coin.amount.toString(), ...(unit ? { display: `${Dec.from(coin.amount).div(1_000_000).toString()} ${unit}` } : {}) };
  });
  if (options.json) return output.json({ address, network: config.network, balances });
  output.out(`${address} on ${config.network} (${config.chainId})`);
  if (balances.length === 0) output.out("  no funds");
  for (const coin of balances) output.out(`  ${(coin.display ?? `${coin.amount} ${coin.denom}`).padStart(28)}   ${coin.amount} ${coin.denom}`);
}
