/**
 * Helpers for tests that drive a started devnet only through the product's clients: chain-sdk (gRPC queries,
 * txs through its Stargate signer), cosmjs (StargateClient for raw broadcasts and heights) and HTTPS to the
 * provider gateways. Nothing here reaches into the chain object.
 */
import { tempDir } from "../temp-dir.js";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { JwtTokenManager, TxError } from "@akashnetwork/chain-sdk";
import { TxRaw } from "@akashnetwork/chain-sdk/private-types/cosmos.v1beta1";
import { Secp256k1HdWallet } from "@cosmjs/amino";
import { BroadcastTxError, type StargateClient, type StdFee } from "@cosmjs/stargate";
import { Dec } from "../../src/costs/decimal.js";
import { DEFAULT_FLEET_FILE } from "../../src/devnet/fleet/fleet-config.js";
import { analyzeSdl } from "../../src/sdl/analyze.js";
import { renderSdl } from "../../src/sdl/render.js";
import { params } from "../sdl/helpers.js";
import type { chainSdk } from "./clients.js";

export type Client = ReturnType<typeof chainSdk>;
export type Sdk = Client["sdk"];

/** An explicit fee (gas and amount), so the SDK signs without simulating and a failing message reaches DeliverTx. */
export const FEE: StdFee = { amount: [{ denom: "uakt", amount: "25000" }], gas: "1000000" };

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Waits until the chain has reached `height` (read over CometBFT RPC). */
export const waitForHeight = (stargate: StargateClient, height: number, timeoutMs = 30_000) =>
  waitFor(`height ${height}`, async () => ((await stargate.getHeight()) >= height ? true : undefined), timeoutMs);

let dseqCounter = 0;
/** A dseq no other deployment of this run uses (console picks Date.now() too). */
export const nextDseq = (): bigint => BigInt(Date.now()) * 1000n + BigInt(++dseqCounter % 1000);

export type Order = Awaited<ReturnType<typeof renderOrder>>;

/** An order rendered and analysed as the CLI does it: GroupSpecs (uact pricing), manifest and its hash. */
export async function renderOrder(blockTimeMs: number, raw: Record<string, unknown> = {}) {
  const price = { blockTimeMs, actUsd: Dec.parse("1") };
  const rendered = renderSdl(params({ runtime: "vllm", model: "Qwen/Qwen3-8B", gpus: ["h100"], maxUsdPerHour: "5", ...raw }), price);
  const analysis = await analyzeSdl(rendered.yaml, price);
  if (!analysis.valid) throw new Error(`rendered SDL must be valid: ${JSON.stringify(analysis.errors)}`);
  return analysis;
}

/** MsgCreateDeployment input; `priceDenom` rewrites every resource unit's price denomination. */
export function deploymentMsg(owner: string, dseq: bigint, order: Order, deposit: { denom: string; amount: string } = { denom: "uact", amount: "5000000" }, priceDenom?: string) {
  const groups = priceDenom ? order.groupSpecs.map((g) => ({ ...g, resources: g.resources.map((r) => ({ ...r, price: { ...r.price!, denom: priceDenom } })) })) : order.groupSpecs;
  return { id: { owner, dseq }, groups, hash: Buffer.from(order.manifestVersion, "hex"), deposit: { amount: deposit, sources: [1] } };
}

export type Refusal = { phase: "CheckTx" | "DeliverTx"; code: number; codespace?: string; log: string };

/**
 * How the node refused a transaction: in CheckTx (cosmjs BroadcastTxError from broadcast_tx_sync: never in a
 * block, nothing charged) or in DeliverTx (committed with code ≠ 0; chain-sdk throws TxError with the result).
 */
export async function refusal(attempt: Promise<unknown>): Promise<Refusal> {
  const error = await attempt.then(() => undefined, (e: unknown) => e);
  if (error instanceof BroadcastTxError) return { phase: "CheckTx", code: error.code, codespace: error.codespace, log: error.log ?? "" };
  if (error instanceof TxError) return { phase: "DeliverTx", code: error.txResponse.code, log: error.txResponse.rawLog ?? "" };
  throw new Error(`expected the node to refuse the transaction, got ${error === undefined ? "success" : String(error)}`);
}

export const encodeTx = (raw: TxRaw): Uint8Array => TxRaw.encode(raw).finish();

/** Open bids of an order, once at least `count` have landed. */
export async function openBids(sdk: Sdk, owner: string, dseq: bigint, count = 1, timeoutMs = 30_000) {
  return waitFor(`${count} open bid(s) on ${dseq}`, async () => {
    const { bids } = await sdk.akash.market.v1beta5.getBids({ filters: { owner, dseq, state: "open" } });
    const list = bids.map((b) => b.bid!);
    return list.length >= count ? list : undefined;
  }, timeoutMs);
}

export type Bid = Awaited<ReturnType<typeof openBids>>[number];
export const cheapest = (bids: Bid[]): Bid => [...bids].sort((a, b) => Dec.parse(a.price!.amount).cmp(b.price!.amount))[0]!;

/** Deploys `order`, waits for a bid (by `pick`, default the cheapest), takes the lease; returns the lease as the chain shows it. */
export async function deployAndLease(sdk: Sdk, owner: string, order: Order, options: { deposit?: string; pick?: (bids: Bid[]) => Bid } = {}) {
  const dseq = nextDseq();
  await sdk.akash.deployment.v1beta4.createDeployment(deploymentMsg(owner, dseq, order, { denom: "uact", amount: options.deposit ?? "5000000" }));
  const bid = (options.pick ?? cheapest)(await openBids(sdk, owner, dseq));
  await sdk.akash.market.v1beta5.createLease({ bidId: bid.id! });
  const { leases } = await sdk.akash.market.v1beta5.getLeases({ filters: { owner, dseq } });
  const lease = leases[0]!.lease!;
  return { dseq, bid, lease, createdAt: Number(lease.createdAt.toString()), price: Dec.parse(lease.price!.amount) };
}

/** A bearer JWT whose claims are given explicitly (chain-sdk refuses to build one that is already expired). */
export async function jwtWithClaims(mnemonic: string, owner: string, provider: string, times: { iat: number; nbf: number; exp: number }): Promise<string> {
  const wallet = await Secp256k1HdWallet.fromMnemonic(mnemonic, { prefix: "akash" });
  return new JwtTokenManager(wallet).generateToken({
    version: "v1", iss: owner, ...times,
    leases: { access: "granular", permissions: [{ provider, access: "scoped", scope: ["send-manifest"] }] },
  } as Parameters<JwtTokenManager["generateToken"]>[0]);
}

/** A provider far dearer than the fleet (h100 at $698/h): a minimum deposit lasts only a few dozen blocks. */
export const LUXE_PROVIDER = `  - name: luxe
    region: lux-1
    tier: premium
    cpu: 64
    memory: 512Gi
    storage: { beta3: 4Ti, ram: 128Gi, default: 1Ti }
    gpus:
      - { model: h100, ram: 80Gi, interface: sxm, count: 8 }
    prices: { gpuPerHour: { h100: "698" }, cpuPerHour: "0.008", memoryGiPerHour: "0.002", storageGiPerHour: "0.0001" }
`;

/** The default fleet plus extra providers (YAML list items), written to a temporary file for startDevnet. */
export function fleetWith(extraProvidersYaml: string): string {
  const file = join(tempDir("fleet"), "fleet.yaml");
  writeFileSync(file, `${readFileSync(DEFAULT_FLEET_FILE, "utf8").trimEnd()}\n${extraProvidersYaml}`);
  return file;
}
