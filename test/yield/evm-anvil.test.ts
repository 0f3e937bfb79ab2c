/**
 * EVM staking reads against a real local node (anvil) with contracts compiled from source: OpenZeppelin's
 * ERC-4626 over an ERC-20 test asset, and a minimal Morpheus-style Distribution. Expected values are worked
 * out by hand from the contracts' formulas, not read back through the code under test.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPublicClient, createTestClient, createWalletClient, getAddress, http, parseUnits, type Abi, type Address, type Hex, type PublicClient, type WalletClient } from "viem";
import { foundry } from "viem/chains";
import { InvalidInputError } from "../../src/errors/invalid-input.js";
import { EvmContractReadError, EvmRpcUnreachableError, readEvmPosition, readMorpheusReward, readVaultPosition } from "../../src/yield/index.js";
import { freePort, startAnvil, type Anvil } from "./anvil.js";
import { compileTestContracts, type Compiled } from "./solidity.js";

let anvil: Anvil;
let contracts: Compiled;
let publicClient: PublicClient;
let wallet: WalletClient;
let owner: Address;
let other: Address;

beforeAll(async () => {
  contracts = compileTestContracts();
  anvil = await startAnvil();
  publicClient = createPublicClient({ chain: foundry, transport: http(anvil.url) });
  [owner, other] = (await createWalletClient({ chain: foundry, transport: http(anvil.url) }).getAddresses()) as [Address, Address];
  wallet = createWalletClient({ chain: foundry, transport: http(anvil.url), account: owner });
});

afterAll(async () => {
  await anvil?.stop();
});

async function deploy(name: string, args: unknown[] = []): Promise<Address> {
  const { abi, bytecode } = contracts[name]!;
  const hash = await wallet.deployContract({ abi, bytecode, args, account: owner, chain: foundry });
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  return getAddress(receipt.contractAddress!);
}

async function send(address: Address, name: string, functionName: string, args: unknown[], from: Address = owner) {
  const hash = await wallet.writeContract({ address, abi: contracts[name]!.abi as Abi, functionName, args, account: from, chain: foundry });
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  expect(receipt.status).toBe("success");
  return receipt;
}

const units = (n: string) => parseUnits(n, 18);
/** OpenZeppelin ERC4626._convertToAssets, rounding down, decimals offset 0. */
const toAssets = (shares: bigint, totalAssets: bigint, totalSupply: bigint) => (shares * (totalAssets + 1n)) / (totalSupply + 1n);
const toShares = (assets: bigint, totalAssets: bigint, totalSupply: bigint) => (assets * (totalSupply + 1n)) / (totalAssets + 1n);

describe("readVaultPosition (ERC-4626)", () => {
  let asset: Address;
  let vault: Address;
  let before: bigint;
  let shares: bigint;

  beforeAll(async () => {
    asset = await deploy("TestAsset");
    vault = await deploy("TestVault", [asset]);
    await send(asset, "TestAsset", "mint", [owner, units("2000")]);
    await send(asset, "TestAsset", "approve", [vault, units("2000")]);
    await send(vault, "TestVault", "deposit", [units("1000"), owner]);
    before = await publicClient.getBlockNumber({ cacheTime: 0 });
    // Yield: assets arrive in the vault without new shares. Then a second deposit at the higher share price.
    await send(asset, "TestAsset", "transfer", [vault, units("100")]);
    const second = toShares(units("550"), units("1100"), units("1000"));
    await send(vault, "TestVault", "deposit", [units("550"), owner]);
    shares = units("1000") + second;
  });

  it("values today's shares now and at a past block, so deposits in between are not counted as yield", async () => {
    const position = await readVaultPosition({ rpcUrl: anvil.url, vault, owner, fromBlock: before });
    const now = toAssets(shares, units("1650"), shares);
    const then = toAssets(shares, units("1000"), units("1000"));
    expect(position).toMatchObject({ vault, owner, asset, assetSymbol: "TAST", assetDecimals: 18, shareDecimals: 18, shares, assets: now });
    expect(position.blockNumber).toBe(await publicClient.getBlockNumber({ cacheTime: 0 }));
    expect(position.past).toMatchObject({ blockNumber: before, assets: then, sharesHeld: units("1000"), gain: now - then });
    // About 100 × shares/1000: the 100 of yield went to the first 1000 shares, the later ones bought in at 1.1.
    expect(position.past!.gainAmount.toNumber()).toBeGreaterThan(99.99);
    expect(position.past!.gainAmount.toNumber()).toBeLessThan(150.01);
    expect(position.assetsAmount.toString()).toBe(`${now / 10n ** 18n}.${(now % 10n ** 18n).toString().padStart(18, "0")}`.replace(/\.?0+$/, ""));
  });

  it("reads without a past block", async () => {
    const position = await readVaultPosition({ rpcUrl: anvil.url, vault, owner: other });
    expect(position.shares).toBe(0n);
    expect(position.assets).toBe(0n);
    expect(position.past).toBeUndefined();
  });

  it("says so when the vault did not exist at the past block, naming the setting", async () => {
    const error = await readVaultPosition({ rpcUrl: anvil.url, vault, owner, fromBlock: 0n, settings: { vault: "yield.evm[0].vault" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EvmContractReadError);
    expect((error as Error).message).toContain("no contract at that address");
    expect((error as Error).message).toContain("yield.evm[0].vault");
  });

  it("refuses a contract that is not an ERC-4626 vault, and a bad address", async () => {
    const notVault = await readVaultPosition({ rpcUrl: anvil.url, vault: asset, owner }).catch((e: unknown) => e);
    expect(notVault).toBeInstanceOf(EvmContractReadError);
    expect((notVault as Error).message).toContain(`Cannot read the vault's asset (ERC-4626 asset) from ${asset}`);
    const bad = await readVaultPosition({ rpcUrl: anvil.url, vault: "0x1234", owner, settings: { vault: "--vault" } }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(InvalidInputError);
    expect((bad as InvalidInputError).problems[0]).toMatchObject({ field: "--vault", found: '"0x1234"' });
    const future = await readVaultPosition({ rpcUrl: anvil.url, vault, owner, fromBlock: 10n ** 9n }).catch((e: unknown) => e);
    expect((future as InvalidInputError).problems[0]!.field).toBe("fromBlock");
  });
});

describe("readMorpheusReward (Distribution.getCurrentUserReward)", () => {
  let distribution: Address;
  let since: bigint;
  let setAt: bigint;
  const owed = units("5");
  const perSecond = units("0.001");

  beforeAll(async () => {
    distribution = await deploy("TestDistribution");
    const receipt = await send(distribution, "TestDistribution", "setReward", [0n, other, owed, perSecond]);
    setAt = receipt.blockNumber;
    since = (await publicClient.getBlock({ blockNumber: setAt })).timestamp;
    const test = createTestClient({ chain: foundry, mode: "anvil", transport: http(anvil.url) });
    await test.increaseTime({ seconds: 3600 });
    await test.mine({ blocks: 1 });
  });

  it("reads the unclaimed reward now and at a past block", async () => {
    const reward = await readMorpheusReward({ rpcUrl: anvil.url, distribution, poolId: 0, user: other });
    const timestamp = (await publicClient.getBlock({ blockNumber: reward.blockNumber })).timestamp;
    expect(timestamp - since).toBeGreaterThanOrEqual(3600n);
    const expected = owed + perSecond * (timestamp - since);
    expect(reward).toMatchObject({ distribution, poolId: 0n, user: other, reward: expected });
    expect(reward.rewardAmount.toString()).toBe(`${expected / 10n ** 18n}.${(expected % 10n ** 18n).toString().padStart(18, "0")}`.replace(/\.?0+$/, ""));

    const then = await readMorpheusReward({ rpcUrl: anvil.url, distribution, poolId: 0n, user: other, blockNumber: setAt });
    expect(then.reward).toBe(owed);
    expect((await readMorpheusReward({ rpcUrl: anvil.url, distribution, poolId: 1, user: other })).reward).toBe(0n);
  });

  it("reads a configured position through readEvmPosition", async () => {
    const reading = await readEvmPosition({ kind: "morpheus", name: "capital", rpcUrl: anvil.url, distribution, poolId: 0n, user: other, path: "yield.evm[1]" });
    expect(reading.kind).toBe("morpheus");
    expect(reading.kind === "morpheus" && reading.reward.reward > owed).toBe(true);
  });
});

describe("an EVM RPC endpoint that does not answer", () => {
  it("is an EvmRpcUnreachableError naming the setting, for vaults and rewards alike", async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const address: Hex = "0x00000000000000000000000000000000000000aa";
    const vault = await readVaultPosition({ rpcUrl: url, vault: address, owner: address, settings: { rpcUrl: "yield.evm[0].rpcUrl" } }).catch((e: unknown) => e);
    expect(vault).toBeInstanceOf(EvmRpcUnreachableError);
    expect((vault as EvmRpcUnreachableError).setting).toBe("yield.evm[0].rpcUrl");
    expect((vault as Error).message).toContain(`Cannot reach the EVM RPC endpoint ${url} (yield.evm[0].rpcUrl)`);
    expect((vault as Error).message).toContain("ECONNREFUSED");

    const reward = await readEvmPosition({ kind: "morpheus", rpcUrl: url, distribution: address, poolId: 0n, user: address, path: "yield.evm[3]" }).catch((e: unknown) => e);
    expect(reward).toBeInstanceOf(EvmRpcUnreachableError);
    expect((reward as EvmRpcUnreachableError).setting).toBe("yield.evm[3].rpcUrl");

    const notUrl = await readMorpheusReward({ rpcUrl: "localhost:8545", distribution: address, poolId: 0, user: address, settings: { rpcUrl: "--evm-rpc" } }).catch((e: unknown) => e);
    expect((notUrl as InvalidInputError).problems[0]).toMatchObject({ field: "--evm-rpc", expected: expect.stringContaining("http(s) URL") });
  });
});
