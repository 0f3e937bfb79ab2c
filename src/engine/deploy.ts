/**
 * A new deploy: size the deposit for the runway, make sure the wallet holds it (minting ACT when asked), pick
 * the dseq, write the plan to the journal, and run the state machine from the create.
 */
import { getBmeParams } from "../chain/bme-params.js";
import { mintAct } from "../chain/mint-act.js";
import { getDeploymentParams } from "../chain/queries/index.js";
import { Dec } from "../costs/decimal.js";
import { AkashGpuError } from "../errors/base.js";
import { DeployRun, formatAct, type DeployDeps } from "./deploy-run.js";
import type { DeployRequest, DeployResult } from "./deploy-types.js";
import { Journal } from "./journal.js";
import { uactBalance } from "./close-deployments.js";
import type { ChainClient } from "../chain/chain-client.js";

export type NewDeployDeps = Omit<DeployDeps, "journal" | "chain"> & { chain: ChainClient; stateDir: string; sdl: string };

/** uact to deposit: the price ceiling per block of every unit, for the runway's blocks, and at least the chain's minimum. */
export async function depositFor(request: DeployRequest, chain: ChainClient): Promise<{ deposit: bigint; runwayBlocks: bigint; minimum: bigint }> {
  const perBlock = Dec.parse(request.analysis.summary.pricePerBlock.amount);
  const runwayBlocks = BigInt(Math.ceil(request.runwayMs / request.price.blockTimeMs));
  const wanted = perBlock.mul(runwayBlocks).ceil(0).toBigInt();
  const params = await getDeploymentParams(chain.sdk);
  const minimum = params.minDeposits.find((coin) => coin.denom === "uact")?.amount.ceil(0).toBigInt() ?? 0n;
    return { deposit: wanted > minimum ? wanted : minimum, runwayBlocks, minimum };
}

export async function deploy(deps: NewDeployDeps, request: DeployRequest): Promise<DeployResult> {
  const { chain } = deps;
  const emit = (status: "start" | "done", message: string) => deps.emit({ step: "funds", status, message, elapsedMs: 0 });
  const { deposit, runwayBlocks } = await depositFor(request, chain);
  emit("start", `deposit ${formatAct(deposit)} ACT: ${runwayBlocks} blocks (${Math.round(request.runwayMs / 3_600_000)} h) at the ceiling of ${request.analysis.summary.pricePerBlock.amount} uact/block`);
  await ensureAct(deps, request, deposit);

  // dseq: the current height, as Akash's own tools do; a later one if this wallet already used it here.
  let dseq = BigInt(await chain.height());
  while (Journal.open(deps.stateDir, chain.chainId, chain.address, dseq).entries.length > 0) dseq += 1n;
  const journal = Journal.open(deps.stateDir, chain.chainId, chain.address, dseq);
  journal.record("plan", "done", {
    sdl: deps.sdl,
    manifestVersion: request.analysis.manifestVersion,
    deposit,
    labels: request.labels,
    model: request.probe.model,
    apiKey: request.probe.apiKey?.reveal(),
    settings: { strategy: request.strategy, filters: request.filters, window: request.window, readyTimeoutMs: request.readyTimeoutMs, keepOnFailure: request.keepOnFailure, runwayMs: request.runwayMs },
  });
  return new DeployRun({ ...deps, journal }, request, dseq, deposit).run("creating");
}

async function ensureAct(deps: NewDeployDeps, request: DeployRequest, deposit: bigint): Promise<void> {
  const { chain } = deps;
  const emit = (status: "start" | "progress" | "done", message: string) => deps.emit({ step: "funds", status, message, elapsedMs: 0 });
  const have = await uactBalance(chain.sdk, chain.address);
  if (have >= deposit) {
    emit("done", `wallet holds ${formatAct(have)} ACT`);
    return;
  }
  const missing = deposit - have;
  if (!request.mintAct) {
    // What to mint by hand: the whole ACT above what is missing, and at least the chain's minimum mint (wallet mint-act refuses less).
    const { minMintUact } = await getBmeParams(chain);
    const wholeMissing = missing + 999_999n - ((missing + 999_999n) % 1_000_000n);
    const suggested = wholeMissing > minMintUact ? wholeMissing : minMintUact;
    throw new AkashGpuError(`Not enough ACT for the deposit: ${formatAct(missing)} ACT missing`, {
      metaMessages: [
        `needed: ${formatAct(deposit)} ACT (${Math.round(request.runwayMs / 3_600_000)} h of runway at the price ceiling)`,
        `found: ${formatAct(have)} ACT in ${chain.address}`,
        `Mint it with \`akash-gpu wallet mint-act --amount ${Dec.from(suggested).div(1_000_000).toString()}\`, pass --mint-act, or shorten --runway.` +
          (minMintUact > wholeMissing ? ` (${Dec.from(minMintUact).div(1_000_000)} ACT is the chain's minimum mint)` : ""),
      ],
    });
  }
  emit("start", `minting ${formatAct(missing)} ACT (burning AKT)`);
  // mintAct mints at least the chain's minimum (bme min_mint), so the wallet may end up with more ACT than the deposit needs.
  const minted = await mintAct(chain, {
    act: Dec.from(missing).div(1_000_000),
    aktUsd: request.aktUsd,
    onProgress: (progress) => {
      if (progress.step === "quoted" && progress.quote.note) emit("progress", progress.quote.note);
    },
  });
  emit("done", `minted ${formatAct(minted.mintedUact)} ACT for ${formatAct(minted.burnedUakt)} AKT`);
}
