import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChainClient } from "../../src/chain/chain-client.js";
import { connectChain } from "../../src/chain/chain-client.js";
import { ChainIdMismatchError, ChainTxError, NodeUnreachableError } from "../../src/chain/errors.js";
import { msgCloseDeployment, msgCreateDeployment, msgSend } from "../../src/chain/messages.js";
import { openWallet } from "../../src/chain/wallet.js";
import { Secret } from "../../src/config/secret.js";
import { Dec } from "../../src/costs/decimal.js";
import { AkashGpuError } from "../../src/errors/base.js";
import { startDevnet, type Devnet } from "../../src/devnet/start-devnet.js";
import { analyzeSdl } from "../../src/sdl/analyze.js";
import { renderSdl } from "../../src/sdl/render.js";
import { params } from "../sdl/helpers.js";
import { clientFor, everythingIn, fundedWallet, mnemonicPrefix, nextDseq } from "./helpers.js";

const BLOCK_MS = 250;
let devnet: Devnet;
let client: ChainClient;
const opened: ChainClient[] = [];
const seen: unknown[] = [];
const secrets: string[] = [];

beforeAll(async () => {
  devnet = await startDevnet({ blockTimeMs: BLOCK_MS });
  ({ client } = await clientFor(devnet));
  opened.push(client);
  secrets.push(devnet.mnemonic);
});

afterAll(async () => {
  await Promise.all(opened.map((c) => c.disconnect()));
  await devnet?.stop();
});

/** The error the attempt fails with; every one is kept to check that no mnemonic leaks into any. */
async function failure(attempt: Promise<unknown>): Promise<AkashGpuError> {
  const error = await attempt.then(() => undefined, (e: unknown) => e);
  if (!(error instanceof AkashGpuError)) throw new Error(`expected an AkashGpuError, got ${error === undefined ? "success" : String(error)}`);
  seen.push(error);
  return error;
}

async function groupSpecs() {
  const price = { blockTimeMs: BLOCK_MS, actUsd: Dec.parse("1") };
  const analysis = await analyzeSdl(renderSdl(params({ runtime: "vllm", model: "Qwen/Qwen3-8B", gpus: ["h100"], maxUsdPerHour: "5" }), price).yaml, price);
  if (!analysis.valid) throw new Error("the rendered SDL must be valid");
  return { groups: analysis.groupSpecs, hash: Buffer.from(analysis.manifestVersion, "hex") };
}

describe("chain errors explain themselves", () => {
  it("insufficient funds: names AKT for gas and for sends, ACT (mint-act) for deployments", async () => {
    const poor = await fundedWallet(client, 200n);
    secrets.push(poor.mnemonic);
    const { client: poorClient } = await clientFor(devnet, { wallet: poor.wallet });
    opened.push(poorClient);

    const tooMuch = await failure(poorClient.signAndBroadcast([msgSend({ from: poor.wallet.address, to: devnet.address, amount: [{ denom: "uakt", amount: 10_000_000n }] })]));
    expect(tooMuch).toBeInstanceOf(ChainTxError);
    expect(tooMuch).toMatchObject({ codespace: "sdk", code: 5, phase: "simulate" });
    expect(tooMuch.message).toContain("AKT (uakt)");
    expect(tooMuch.message).toContain(poor.wallet.address);

    // The send itself is affordable; the fee is not: refused in CheckTx, before it can cost anything.
    const fee = await failure(poorClient.signAndBroadcast([msgSend({ from: poor.wallet.address, to: devnet.address, amount: [{ denom: "uakt", amount: 1n }] })]));
    expect(fee).toMatchObject({ codespace: "sdk", code: 5, phase: "check" });
    expect((fee as ChainTxError).rawLog).toMatch(/fee/);
    expect(fee.message).toContain("AKT (uakt)");
    expect(fee.details).toBe((fee as ChainTxError).rawLog);

    const { groups, hash } = await groupSpecs();
    // Mainnet's escrow keeper refuses a deposit the balance cannot cover before any transfer, with market's
    // "deposit invalid" (node x/escrow/keeper AuthorizeDeposits), not bank's insufficient funds.
    const act = await failure(client.signAndBroadcast([msgCreateDeployment({ owner: client.address, dseq: nextDseq(), groups, hash, deposit: { denom: "uact", amount: 5_000_000_000n } })]));
    expect(act).toMatchObject({ codespace: "market", code: 28 });
    expect((act as ChainTxError).rawLog).toContain("deposit invalid: insufficient balance");
    expect(act.message).toContain("akash-gpu wallet mint-act");
    expect(act.message).not.toContain("send AKT");
  });

  it("closing a closed deployment: a module error, in simulation and (with the gas given) on chain with its tx hash", async () => {
    const { groups, hash } = await groupSpecs();
    const dseq = nextDseq();
    await client.signAndBroadcast([msgCreateDeployment({ owner: client.address, dseq, groups, hash, deposit: { denom: "uact", amount: 500_000n } })]);
    await client.signAndBroadcast([msgCloseDeployment({ owner: client.address, dseq })]);

    const simulated = await failure(client.signAndBroadcast([msgCloseDeployment({ owner: client.address, dseq })]));
    expect(simulated).toMatchObject({ codespace: "deployment", code: 5, phase: "simulate", messageIndex: 0, txHash: undefined });
    expect(simulated.shortMessage).toBe("The transaction would fail: the deployment is already closed");
    expect(simulated.metaMessages.join("\n")).toContain("codespace deployment, code 5");

    const delivered = await failure(client.signAndBroadcast([msgCloseDeployment({ owner: client.address, dseq })], { gas: 300_000n }));
    expect(delivered).toMatchObject({ codespace: "deployment", code: 5, phase: "deliver" });
    expect((delivered as ChainTxError).txHash).toMatch(/^[0-9A-F]{64}$/);
    expect(delivered.message).toContain(`tx ${(delivered as ChainTxError).txHash}`);
    // The failed tx still took its sequence: the next one goes through.
    await client.signAndBroadcast([msgSend({ from: client.address, to: devnet.providers[0]!.owner, amount: [{ denom: "uakt", amount: 1n }] })]);
  });

  it("an unknown code still gives a typed error with its codespace, code and raw log", () => {
    const error = new ChainTxError({ codespace: "wasm", code: 99, rawLog: "something new: wasm error", phase: "deliver", txHash: "AB" });
    expect(error).toBeInstanceOf(AkashGpuError);
    expect(error.shortMessage).toBe("The transaction failed on chain: the chain answered with error wasm/99");
    expect(error.details).toBe("something new: wasm error");
    expect(error.metaMessages[0]).toBe("found: codespace wasm, code 99, tx AB");
  });

  it("an unreachable node names the setting to fix", async () => {
    const port = await freePort();
    const wallet = await openWallet(new Secret(devnet.mnemonic));
    const error = await failure(
      connectChain({ rpc: `http://127.0.0.1:${port}`, grpc: devnet.grpc, chainId: devnet.chainId, gasPrice: "0.025uakt", gasAdjustment: 1.3, wallet, retry: { retries: 1, minDelayMs: 10, maxDelayMs: 10 } }),
    );
    expect(error).toBeInstanceOf(NodeUnreachableError);
    expect(error.shortMessage).toBe(`Cannot reach the node at http://127.0.0.1:${port}`);
    expect(error.message).toContain("AKASH_RPC / --rpc");
    expect(error.message).toContain("connection refused");
  });

  it("a node of another chain is refused before anything is signed", async () => {
    const wallet = await openWallet(new Secret(devnet.mnemonic));
    const error = await failure(connectChain({ rpc: devnet.rpc, grpc: devnet.grpc, chainId: "akashnet-2", gasPrice: "0.025uakt", gasAdjustment: 1.3, wallet }));
    expect(error).toBeInstanceOf(ChainIdMismatchError);
    expect(error.shortMessage).toBe(`The node at ${devnet.rpc} serves chain ${devnet.chainId}, not akashnet-2`);
    expect(error.message).toContain("AKASH_CHAIN_ID / --chain-id");
  });

  it("no error carries a mnemonic", () => {
    expect(seen.length).toBeGreaterThanOrEqual(7);
    for (const error of seen) for (const secret of secrets) expect(everythingIn(error)).not.toContain(mnemonicPrefix(secret));
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
