/**
 * An ERC-4626 vault position: the owner's shares and what they are worth in the vault's asset, now and at a
 * past block. The yield of a vault shows in the share price, so the comparison keeps the shares fixed (those
 * held now) and asks convertToAssets at both blocks: deposits and withdrawals in between do not count as yield.
 * All "now" reads are pinned to one block, read first.
 */
import { erc20Abi, erc4626Abi, type Address } from "viem";
import type { Dec } from "../../costs/decimal.js";
import { InvalidInputError } from "../../errors/invalid-input.js";
import { evmAddress, evmClient, evmRead, tokenAmount } from "./client.js";

export type ReadVaultPositionInput = {
  rpcUrl: string;
  vault: string;
  owner: string;
  /** A past block to compare with; omitted: no comparison. */
  fromBlock?: bigint;
  /** Names of the settings these came from, for error messages (defaults: rpcUrl, vault, owner, fromBlock). */
  settings?: Partial<Record<"rpcUrl" | "vault" | "owner" | "fromBlock", string>>;
  timeoutMs?: number;
};

export type VaultPosition = {
  vault: Address;
  owner: Address;
  asset: Address;
  assetSymbol: string;
  assetDecimals: number;
  shareDecimals: number;
  blockNumber: bigint;
  /** Shares held now: raw and in whole shares. */
  shares: bigint;
  sharesAmount: Dec;
  /** convertToAssets(shares) now: raw and in whole asset tokens. */
  assets: bigint;
  assetsAmount: Dec;
  past?: {
    blockNumber: bigint;
    /** convertToAssets(today's shares) at the past block. */
    assets: bigint;
    assetsAmount: Dec;
    /** What the owner held then, for context. */
    sharesHeld: bigint;
    sharesHeldAmount: Dec;
    /** assets now − assets then, for the same shares: the vault's yield on this position. */
    gain: bigint;
    gainAmount: Dec;
  };
};

export async function readVaultPosition(input: ReadVaultPositionInput): Promise<VaultPosition> {
  const settings = { rpcUrl: "rpcUrl", vault: "vault", owner: "owner", fromBlock: "fromBlock", ...input.settings };
  const vault = evmAddress(input.vault, settings.vault);
  const owner = evmAddress(input.owner, settings.owner);
  const endpoint = { rpcUrl: input.rpcUrl, setting: settings.rpcUrl, timeoutMs: input.timeoutMs };
  const client = evmClient(endpoint);
  const read = <T>(what: string, fn: () => Promise<T>) => evmRead(endpoint, { what, address: vault, setting: settings.vault }, fn);

  const blockNumber = await read("the latest block number", () => client.getBlockNumber({ cacheTime: 0 }));
  if (input.fromBlock !== undefined && (input.fromBlock < 0n || input.fromBlock > blockNumber)) {
    throw new InvalidInputError("Invalid past block", [{ field: settings.fromBlock, found: String(input.fromBlock), expected: `a block number from 0 to the latest (${blockNumber})` }]);
  }
  const vaultRead = { address: vault, abi: erc4626Abi } as const;
  const balanceAt = (at: bigint) => read("the owner's shares (ERC-4626 balanceOf)", () => client.readContract({ ...vaultRead, functionName: "balanceOf", args: [owner], blockNumber: at }));
  const assetsAt = (amount: bigint, at: bigint) => read("the shares' value (ERC-4626 convertToAssets)", () => client.readContract({ ...vaultRead, functionName: "convertToAssets", args: [amount], blockNumber: at }));

  const [asset, shareDecimals, shares] = await Promise.all([
    read("the vault's asset (ERC-4626 asset)", () => client.readContract({ ...vaultRead, functionName: "asset", blockNumber })),
    read("the vault's decimals", () => client.readContract({ address: vault, abi: erc20Abi, functionName: "decimals", blockNumber })),
    balanceAt(blockNumber),
  ]);
  const assetRead = <T>(what: string, fn: () => Promise<T>) => evmRead(endpoint, { what, address: asset, setting: `the asset of ${settings.vault}` }, fn);
  const [assetDecimals, assetSymbol, assets] = await Promise.all([
    assetRead("the asset's decimals", () => client.readContract({ address: asset, abi: erc20Abi, functionName: "decimals", blockNumber })),
    assetRead("the asset's symbol", () => client.readContract({ address: asset, abi: erc20Abi, functionName: "symbol", blockNumber })),
    assetsAt(shares, blockNumber),
  ]);

  const position: VaultPosition = {
    vault, owner, asset, assetSymbol, assetDecimals, shareDecimals, blockNumber,
    shares, sharesAmount: tokenAmount(shares, shareDecimals),
    assets, assetsAmount: tokenAmount(assets, assetDecimals),
  };
  if (input.fromBlock === undefined) return position;

  const [pastAssets, sharesHeld] = await Promise.all([assetsAt(shares, input.fromBlock), balanceAt(input.fromBlock)]);
  position.past = {
    blockNumber: input.fromBlock,
    assets: pastAssets,
    assetsAmount: tokenAmount(pastAssets, assetDecimals),
    sharesHeld,
    sharesHeldAmount: tokenAmount(sharesHeld, shareDecimals),
    gain: assets - pastAssets,
    gainAmount: tokenAmount(assets - pastAssets, assetDecimals),
  };
  return position;
}
