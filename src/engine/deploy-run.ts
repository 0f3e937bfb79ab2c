/**
 * The deploy state machine. Each state does one thing and names the next; the journal records every step
 * before and after it touches the chain or a provider, so `resume` can re-enter at the state the chain shows.
 *
 *   creating → bidding → leasing → sending-manifest → waiting-ready → ready
 *        any failure after the create → closing → closed (refund), unless keepOnFailure
 *
 * Timers: the bid window counts blocks (bid-window.ts); the manifest must reach every provider within five
 * minutes of its lease; readiness has `readyTimeoutMs`.
 */
import { msgCreateDeployment, msgCreateLease } from "../chain/messages.js";
import { getProvider, listLeases, listProviders } from "../chain/queries/index.js";
import type { Bid, Lease, ProviderInfo } from "../chain/types.js";
import { formatUsd } from "../costs/format.js";
import { uactPerBlockToUsdPerHour } from "../costs/price.js";
import { AkashGpuError } from "../errors/base.js";
import { collectBids } from "./bid-window.js";
import { closeDeployments, type BatchingChain } from "./close-deployments.js";
import type { DeployEvent, DeployRequest, DeployResult, DeployStep, LeaseOutcome } from "./deploy-types.js";
import { explainNoBids } from "./explain-no-bids.js";
import type { Journal } from "./journal.js";
import type { ChainPort, ProviderFactory } from "./ports.js";
import { waitUntilReady } from "./wait-ready.js";

/** Providers close a lease whose manifest has not arrived five minutes after the lease was created. */
export const MANIFEST_DEADLINE_MS = 5 * 60_000;

export type DeployState = "creating" | "bidding" | "leasing" | "sending-manifest" | "waiting-ready" | "ready";

export type DeployDeps = {
  chain: ChainPort & BatchingChain;
  providers: ProviderFactory;
  journal: Journal;
  emit: (event: DeployEvent) => void;
};

export class DeployRun {
  state: DeployState = "creating";
  readonly startedAt = Date.now();
  createdHeight = 0;
  firstBidHeight: number | undefined;
  leaseHeight = 0;
  manifestSentMs = 0;
  /** Active leases by gseq. */
  readonly leases = new Map<number, Lease>();
  readonly #providerInfo = new Map<string, ProviderInfo | undefined>();
  #leaseCommittedAt = 0;

  constructor(
    readonly deps: DeployDeps,
    readonly request: DeployRequest,
    readonly dseq: bigint,
    readonly deposit: bigint,
  ) {}

  get gseqs(): number[] {
    return this.request.analysis.groupSpecs.map((_, i) => i + 1);
  }

  emit(step: DeployStep, status: DeployEvent["status"], message: string, extra: { height?: number; data?: Record<string, unknown> } = {}): void {
    this.deps.emit({ step, status, message, dseq: this.dseq.toString(), elapsedMs: Date.now() - this.startedAt, ...extra });
  }

  async run(from: DeployState): Promise<DeployResult> {
    const handlers: Record<Exclude<DeployState, "ready">, () => Promise<DeployState>> = {
      creating: () => this.create(),
      bidding: () => this.bidAndLease(),
      leasing: () => this.bidAndLease(),
      "sending-manifest": () => this.sendManifests(),
      "waiting-ready": () => this.waitReady(),
    };
    this.state = from;
    try {
      while (this.state !== "ready") this.state = await handlers[this.state]();
    } catch (error) {
      if (this.state === "creating") throw error;
      throw await this.fail(error);
    }
    return this.result();
  }

  private async create(): Promise<DeployState> {
    const { chain, journal } = this.deps;
    const { analysis } = this.request;
    // Journal first: whatever the user saw of this step, a resume will find it.
    journal.record("create", "begin", { dseq: this.dseq });
    this.emit("create", "start", `creating deployment ${this.dseq} with a deposit of ${formatAct(this.deposit)} ACT`);
    const message = msgCreateDeployment({
      owner: chain.address,
      dseq: this.dseq,
      groups: analysis.groupSpecs,
      hash: Buffer.from(analysis.manifestVersion, "hex"),
      deposit: { denom: "uact", amount: this.deposit },
    });
    const tx = await chain.signAndBroadcast([message], { memo: "akash-gpu: deploy" });
    this.createdHeight = tx.height;
    journal.record("create", "done", { dseq: this.dseq, txHash: tx.hash, height: tx.height });
    this.emit("create", "done", `deployment ${this.dseq} created`, { height: tx.height, data: { txHash: tx.hash } });
    return "bidding";
  }

  async providerInfo(owner: string): Promise<ProviderInfo | undefined> {
    if (!this.#providerInfo.has(owner)) this.#providerInfo.set(owner, await getProvider(this.deps.chain.sdk, owner));
    return this.#providerInfo.get(owner);
  }

  /** Collects bids for the orders that have no lease yet, picks one per order and leases them in one transaction. */
  private async bidAndLease(): Promise<DeployState> {
    const { chain, journal } = this.deps;
    const { request } = this;
    const open = this.gseqs.filter((gseq) => !this.leases.has(gseq));
    if (open.length === 0) return "sending-manifest";
    const from = Math.max(this.createdHeight, await chain.height());
    this.emit("bids", "start", `waiting for bids (up to ${request.window.maxBlocks} blocks)`, { height: from });
    journal.record("bids", "begin", { gseqs: open });
    const result = await collectBids({
      chain,
      dseq: this.dseq,
      gseqs: open,
      createdHeight: from,
      window: request.window,
      strategy: request.strategy,
      filters: request.filters,
      providerInfo: (owner) => this.providerInfo(owner),
      exclude: [...this.leases.values()].map((lease) => lease.id.provider),
      onBlock: (height, bids, eligible) => this.emit("bids", "progress", `${bids} bid(s), ${eligible} acceptable`, { height }),
    });
    this.firstBidHeight ??= result.firstBidHeight;
    journal.record("bids", "done", { bids: result.bids.length, chosen: [...result.chosen.values()].map((bid) => bid.id), reason: result.reason });
    if (result.chosen.size < open.length) throw await this.noBids(result.bids, result.rejected, result.closedAt - from);
    this.emit("bids", "done", `${result.bids.length} bid(s); chose ${[...result.chosen.values()].map((bid) => this.describeBid(bid)).join(", ")}`, { height: result.closedAt });

    this.state = "leasing";
    const chosen = [...result.chosen.values()];
    // Open the provider clients (host URI, certificates from chain) while the lease transaction is in flight,
    // so the manifest leaves as soon as the lease is committed. A failure here surfaces again when sending.
    for (const bid of chosen) this.deps.providers(bid.id.provider).catch(() => undefined);
    journal.record("lease", "begin", { bids: chosen.map((bid) => bid.id) });
    this.emit("lease", "start", `creating ${chosen.length} lease(s)`);
    const tx = await chain.signAndBroadcast(chosen.map((bid) => msgCreateLease(bid.id)), { memo: "akash-gpu: lease" });
    this.#leaseCommittedAt = Date.now();
    this.leaseHeight = tx.height;
    for (const bid of chosen) this.leases.set(bid.id.gseq, { id: bid.id, state: "active", price: bid.price, createdAt: tx.height, closedOn: 0 });
    journal.record("lease", "done", { txHash: tx.hash, height: tx.height, leases: chosen.map((bid) => bid.id) });
    this.emit("lease", "done", `leased from ${chosen.map((bid) => this.describeBid(bid)).join(", ")}`, { height: tx.height, data: { txHash: tx.hash } });
    return "sending-manifest";
  }

  private describeBid(bid: Bid): string {
    const info = this.#providerInfo.get(bid.id.provider);
    const usd = uactPerBlockToUsdPerHour(bid.price.amount, this.request.price);
    return `${info?.attributes.organization ?? bid.id.provider} at ${bid.price.amount.toString()} uact/block (${formatUsd(usd)}/h)`;
  }

  private async noBids(bids: Bid[], rejected: Parameters<typeof explainNoBids>[0]["rejected"], blocks: number): Promise<AkashGpuError> {
    const providers = await listProviders(this.deps.chain.sdk);
    const lines = explainNoBids({ bids, rejected, providers, summary: this.request.analysis.summary, blocks, price: this.request.price, filtersText: describeFilters(this.request) });
    this.emit("bids", "failed", lines.join("\n"));
    return new AkashGpuError(`No usable bid for deployment ${this.dseq}`, { metaMessages: lines });
  }

  private async sendManifests(): Promise<DeployState> {
    const { journal, providers } = this.deps;
    const byProvider = [...new Set([...this.leases.values()].map((lease) => lease.id.provider))];
    journal.record("manifest", "begin", { providers: byProvider });
    const started = Date.now();
    await Promise.all(
      byProvider.map(async (provider) => {
        const client = await providers(provider);
        const name = (await this.providerInfo(provider))?.attributes.organization ?? provider;
        this.emit("manifest", "start", `sending the manifest to ${name}`);
        const lease = [...this.leases.values()].find((l) => l.id.provider === provider)!;
        const deadline = await this.manifestDeadline(lease);
        const sent = await client.sendManifest(this.dseq, this.request.analysis.manifestJson, {
          deadline,
          onAttempt: (attempt) => this.emit("manifest", "progress", `${name}: attempt ${attempt.n} failed (${attempt.status ?? attempt.error}); retrying in ${attempt.delayMs} ms`),
        });
        this.emit("manifest", "done", `${name} accepted the manifest${sent.attempts > 1 ? ` after ${sent.attempts} attempts` : ""}`);
      }),
    );
    this.manifestSentMs = Date.now() - (this.#leaseCommittedAt || started);
    journal.record("manifest", "done", { providers: byProvider, ms: this.manifestSentMs });
    return "waiting-ready";
  }

  private async manifestDeadline(lease: Lease): Promise<Date> {
    if (this.#leaseCommittedAt) return new Date(this.#leaseCommittedAt + MANIFEST_DEADLINE_MS);
    const created = await this.deps.chain.blockTime(lease.createdAt).catch(() => new Date());
    return new Date(created.getTime() + MANIFEST_DEADLINE_MS);
  }

  private async waitReady(): Promise<DeployState> {
    const { journal } = this.deps;
    journal.record("ready", "begin");
    this.emit("ready", "start", `waiting for ${this.leases.size} replica(s) to serve (up to ${Math.round(this.request.readyTimeoutMs / 1000)} s)`);
    this.endpoints = await waitUntilReady(this, this.request.readyTimeoutMs);
    journal.record("ready", "done", { endpoints: Object.fromEntries(this.endpoints) });
    this.emit("ready", "done", `ready: ${[...this.endpoints.values()].join(", ")}`);
    return "ready";
  }

  endpoints = new Map<number, string>();

  /** A step after the create failed: close the deployment (refund) unless asked to keep it; never silently leave it. */
  private async fail(error: unknown): Promise<AkashGpuError> {
    const base = error instanceof AkashGpuError ? error : new AkashGpuError(`Deploy of ${this.dseq} failed`, { cause: error });
    if (this.request.keepOnFailure) {
      return new AkashGpuError(base.shortMessage, { metaMessages: [...base.metaMessages, `Deployment ${this.dseq} is left open (--keep-on-failure): close it with \`akash-gpu close ${this.dseq}\`.`], details: base.details ?? "", cause: error });
    }
    this.emit("close", "start", `closing deployment ${this.dseq} after the failure`);
    this.deps.journal.record("close", "begin", { reason: base.shortMessage });
    try {
      const closed = await closeDeployments(this.deps.chain, [this.dseq], "akash-gpu: close after failed deploy");
      if (closed.failed.length > 0) throw closed.failed[0]!.error;
      this.deps.journal.record("close", "done", { refunded: closed.refunded, txs: closed.txs.map((tx) => tx.hash) });
      this.emit("close", "done", `deployment ${this.dseq} closed; ${formatAct(closed.refunded)} ACT refunded`);
      return new AkashGpuError(base.shortMessage, { metaMessages: [...base.metaMessages, `Deployment ${this.dseq} was closed and ${formatAct(closed.refunded)} ACT returned to the wallet.`], details: base.details ?? "", cause: error, exitCode: base.exitCode });
    } catch (closeError) {
      this.deps.journal.record("close", "failed", { error: String((closeError as Error).message).slice(0, 300) });
      return new AkashGpuError(base.shortMessage, {
        metaMessages: [...base.metaMessages, `Deployment ${this.dseq} is STILL OPEN and its escrow is being spent: the close failed (${(closeError as Error).message.split("\n")[0]}).`, `Close it with \`akash-gpu close ${this.dseq}\` or \`akash-gpu deploy --resume\`.`],
        details: base.details ?? "",
        cause: error,
      });
    }
  }

  async loadLeases(): Promise<void> {
    const leases = await listLeases(this.deps.chain.sdk, { owner: this.deps.chain.address, dseq: this.dseq });
    for (const lease of leases) if (lease.state === "active" || lease.state === "reclaiming") this.leases.set(lease.id.gseq, lease);
    this.leaseHeight = Math.max(0, ...[...this.leases.values()].map((lease) => lease.createdAt));
  }

  result(): DeployResult {
    const leases: LeaseOutcome[] = [...this.leases.values()]
      .sort((a, b) => a.id.gseq - b.id.gseq)
      .map((lease) => ({
        id: lease.id,
        price: lease.price,
        usdPerHour: uactPerBlockToUsdPerHour(lease.price.amount, this.request.price),
        region: this.#providerInfo.get(lease.id.provider)?.region,
        leaseHeight: lease.createdAt,
        endpoint: this.endpoints.get(lease.id.gseq),
      }));
    return {
      dseq: this.dseq,
      owner: this.deps.chain.address,
      deposit: this.deposit,
      leases,
      timings: { createdHeight: this.createdHeight, firstBidHeight: this.firstBidHeight, leaseHeight: this.leaseHeight, manifestSentMs: this.manifestSentMs, readyMs: Date.now() - this.startedAt },
    };
  }
}

export const formatAct = (uact: bigint): string => {
  const sign = uact < 0n ? "-" : "";
  const abs = uact < 0n ? -uact : uact;
  return `${sign}${abs / 1_000_000n}.${(abs % 1_000_000n).toString().padStart(6, "0")}`;
};

function describeFilters(request: DeployRequest): string[] {
  const { filters, strategy } = request;
  return [
    ...(filters.maxPricePerBlock ? [`--max-uact-per-block ${filters.maxPricePerBlock.toString()}`] : []),
    ...(filters.regions?.length ? [`--region ${filters.regions.join(",")}`] : []),
    ...(filters.allow?.length ? [`--provider ${filters.allow.join(",")}`] : []),
    ...(filters.deny?.length ? [`--exclude-provider ${filters.deny.join(",")}`] : []),
    ...(strategy.kind !== "cheapest" ? [`--strategy ${strategy.kind === "prefer" ? `prefer=${strategy.providers.join(",")}` : strategy.kind}`] : []),
  ];
}
