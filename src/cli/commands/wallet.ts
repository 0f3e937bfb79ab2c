/** `akash-gpu wallet address | balance | mint-act`. */
import { getBalances } from "../../chain/balances.js";
import { connectChain, type ChainClientEvent } from "../../chain/chain-client.js";
import { msgMintAct } from "../../chain/messages.js";
import { mintAct, quoteMint, type MintQuote } from "../../chain/mint-act.js";
import type { PriceSource } from "../../chain/mint-quote.js";
import { adjustGas, feeFor, parseGasPrice } from "../../chain/tx-encoding.js";
import { loadMnemonic } from "../../chain/wallet-source.js";
import { openWallet } from "../../chain/wallet.js";
import type { Config } from "../../config/load.js";
import { Dec } from "../../costs/decimal.js";
import { AkashGpuError } from "../../errors/base.js";
import { InvalidInputError } from "../../errors/invalid-input.js";
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

export type MintActFlags = { amount: string; dryRun?: boolean; json?: boolean };

const ACT_AMOUNT = /^\d+(\.\d{1,6})?$/;

/**
 * `akash-gpu wallet mint-act --amount <ACT> [--dry-run] [--json]`: burns AKT for ACT and waits for it.
 * An amount below the chain's minimum mint (bme min_mint) is refused, not raised: the user named the amount,
 * and minting more would burn more AKT than asked (deploy --mint-act raises instead: there the need is ours).
 */
export async function mintActCommand(flags: MintActFlags, globals: Record<string, unknown>, { io }: CommandContext): Promise<void> {
  const output = new Output(io, { json: flags.json });
  if (!ACT_AMOUNT.test(flags.amount.trim()) || Dec.parse(flags.amount).cmp(0) <= 0) {
    throw new InvalidInputError("Cannot mint that amount", [{ field: "--amount", found: JSON.stringify(flags.amount), expected: "a positive amount of ACT with at most 6 decimals, e.g. 5 or 12.5" }]);
  }
  const act = Dec.parse(flags.amount);
  const config = configFromFlags(globals, io);
  const mnemonic = loadMnemonic(config);
  output.guard(mnemonic.reveal());
  const wallet = await openWallet(mnemonic);
  const client = await connectChain({
    rpc: config.rpc,
    grpc: config.grpc,
    chainId: config.chainId,
    gasPrice: config.gasPrice,
    gasAdjustment: config.gasAdjustment,
    wallet,
    onEvent: (event) => noteEvent(output, event),
  });
  try {
    const priceOrigin = (source: PriceSource) => (source === "oracle" ? "the chain's oracle (TWAP)" : (config.origins.aktUsd ?? "--akt-usd"));
    if (flags.dryRun) {
      const quote = await quoteMint(client, { act, aktUsd: config.aktUsd, belowMinimum: "refuse" });
      const burn = msgMintAct({ owner: client.address, burn: { denom: "uakt", amount: quote.burnUakt } });
      const gas = adjustGas(await client.simulate([burn]), config.gasAdjustment);
      const fee = feeFor(gas, parseGasPrice(config.gasPrice));
      if (flags.json) return output.json({ network: config.network, address: client.address, dryRun: true, ...quoteJson(quote), gas: gas.toString(), fee: `${fee.amount}${fee.denom}` });
      printQuote(output, quote, config, client.address, priceOrigin(quote.priceSource), "Would mint");
      output.out(`  ${"fee".padEnd(10)}  ${fee.amount} ${fee.denom} for ${gas} gas (the chain accepts the burn in simulation)`);
      output.out("Dry run: nothing was sent.");
      return;
    }
    const result = await mintAct(client, {
      act,
      aktUsd: config.aktUsd,
      belowMinimum: "refuse",
      onProgress: (progress) => {
        if (progress.step === "quoted" && !flags.json) printQuote(output, progress.quote, config, client.address, priceOrigin(progress.quote.priceSource), "Minting");
        if (progress.step === "broadcast") output.note(`burnt in tx ${progress.tx.hash} at height ${progress.tx.height}; waiting for the mint to settle…`);
      },
    });
    if (flags.json) {
      return output.json({
        network: config.network, address: client.address, ...quoteJson(result.quote),
        burnedUakt: result.burnedUakt.toString(), mintedUact: result.mintedUact.toString(), minted: `${uToWhole(result.mintedUact)} ACT`,
        txHash: result.tx.hash, height: result.tx.height, settledAt: result.settledAt, fee: result.tx.fee.map((c) => `${c.amount}${c.denom}`).join(","),
      });
    }
    output.out(`  ${"tx".padEnd(10)}  ${result.tx.hash} at height ${result.tx.height}`);
    output.out(`  ${"minted".padEnd(10)}  ${`${uToWhole(result.mintedUact)} ACT`.padEnd(16)}  ${result.mintedUact} uact at height ${result.settledAt}`);
    if (result.mintedUact < BigInt(act.mul(1_000_000).ceil(0).toBigInt())) output.note(`note: less than the ${act} ACT asked for: the AKT price fell before the mint executed.`);
  } finally {
    await client.disconnect();
  }
}

const uToWhole = (amount: bigint): string => Dec.from(amount).div(1_000_000).toString();

function quoteJson(quote: MintQuote) {
  return {
    act: quote.act.toString(), aktUsd: quote.aktUsd.toString(), priceSource: quote.priceSource, spreadBps: quote.spreadBps, marginBps: quote.marginBps,
    burnUakt: quote.burnUakt.toString(), expectedUact: quote.expectedUact.toString(), minMintUact: quote.minMintUact.toString(),
  };
}

function printQuote(output: Output, quote: MintQuote, config: Config, address: string, priceOrigin: string, verb: string): void {
  output.out(`${verb} ${quote.act} ACT for ${address} on ${config.network} (${config.chainId})`);
  output.out(`  ${"AKT price".padEnd(10)}  $${quote.aktUsd} (from ${priceOrigin})`);
  output.out(`  ${"burn".padEnd(10)}  ${`${uToWhole(quote.burnUakt)} AKT`.padEnd(16)}  ${quote.burnUakt} uakt`);
  output.out(`  ${"expected".padEnd(10)}  ${`${uToWhole(quote.expectedUact)} ACT`.padEnd(16)}  ${quote.expectedUact} uact (after the ${quote.spreadBps / 100}% mint spread, with a ${quote.marginBps / 100}% margin)`);
}

function noteEvent(output: Output, event: ChainClientEvent): void {
  if (event.type === "retry") output.note(`${event.operation}: ${event.error instanceof AkashGpuError ? event.error.shortMessage : event.error.message}; retrying (${event.retriesLeft} left)…`);
  if (event.type === "sequence-mismatch") output.note("another transaction from this wallet went first; signing again with the new sequence…");
}
