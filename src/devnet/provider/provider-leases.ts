/**
 * The provider's side of its leases (provider manifest service + cluster deployment manager, in miniature):
 * which leases are open, the manifest deadline of each, and what runs for them.
 *
 * The chain drives it through sync(), which it calls after each block — the counterpart of the real provider's
 * subscription to chain events (LeaseWon, LeaseClosed). That keeps the gateway free of polling timers, and lease
 * changes take effect at block boundaries, as they do on a real provider.
 */
import { deploymentKey, leaseKey, type LeaseId, type OpenLease, type ProviderChainView } from "./chain-view.js";
import type { ProviderFaults } from "./faults.js";
import { LeaseDeployment, type ResourceTotals } from "./lease-deployment.js";
import { parseManifest, type ManifestGroup } from "./manifest.js";
import type { StartWorkload } from "./pods.js";
import { ok, textError, type Reply } from "./replies.js";

export interface ProviderLeasesOptions {
  providerAddress: string;
  chainView: ProviderChainView;
  startWorkload: StartWorkload;
  faults: ProviderFaults;
  manifestTimeoutMs: number;
}

export interface LeasesSummary {
  /** Leases with a deployed manifest group (status cluster.leases). */
  deployedLeases: number;
  /** Deployments with an open lease here (status manifest.deployments). */
  deployments: number;
  /** Resources held per deployed lease (status cluster.inventory.active). */
  active: ResourceTotals[];
}

export class ProviderLeases {
  readonly #open = new Map<string, OpenLease>();
  readonly #deadlines = new Map<string, NodeJS.Timeout>();
  readonly #deployed = new Map<string, LeaseDeployment>();
  /** Per lease, the deploy in progress: uploads for the same lease apply one after the other. */
  readonly #deploying = new Map<string, Promise<void>>();
  readonly #teardowns = new Set<Promise<void>>();

  constructor(private readonly options: ProviderLeasesOptions) {}

  /** Catch up with the chain: arm the manifest deadline of new leases, tear down what runs for closed ones. */
  sync(): void {
    const { chainView, providerAddress } = this.options;
    const open = new Map(chainView.openLeases(providerAddress).map((lease) => [leaseKey(lease.id), lease]));
    for (const [key, lease] of open) {
      if (this.#open.has(key)) continue;
      this.#open.set(key, lease);
      this.#armDeadline(key, lease);
    }
    for (const key of [...this.#open.keys()]) {
      if (open.has(key)) continue;
      this.#open.delete(key);
      clearTimeout(this.#deadlines.get(key));
      this.#deadlines.delete(key);
      this.#teardown(key);
    }
  }

  /** PUT /deployment/{dseq}/manifest after authorisation; the owner is the caller. */
  async submitManifest(owner: string, dseq: bigint, body: string): Promise<Reply> {
    const manifest = parseManifest(body);
    if (!manifest.ok) return textError(422, manifest.error);
    this.sync();
    const leases = [...this.#open.values()].filter((lease) => lease.id.owner === owner && lease.id.dseq === dseq);
    // Like the real provider, any manifest that reaches the manifest service disarms the deployment's deadline,
    // before it is validated: a rejected upload leaves the lease open (and paid for) until the tenant acts.
    for (const lease of leases) this.#disarmDeadline(leaseKey(lease.id));

    const hash = this.options.chainView.deploymentHash(owner, dseq);
    if (hash === undefined) return textError(404, "no lease for deployment");
    if (!Buffer.from(hash).equals(Buffer.from(manifest.version))) return textError(422, "manifest version validation failed");
    if (leases.length === 0) return textError(404, "no lease for deployment");
    await Promise.all(leases.map((lease) => this.#deploy(lease, manifest.groups)));
    return ok();
  }

  /** What runs for a lease, once a manifest was accepted for it and until it closes. */
  deployment(id: LeaseId): LeaseDeployment | undefined {
    return this.#deployed.get(leaseKey(id));
  }

  summary(): LeasesSummary {
    const deployments = new Set([...this.#open.values()].map((lease) => deploymentKey(lease.id.owner, lease.id.dseq)));
    const deployed = [...this.#deployed.values()];
    return { deployedLeases: deployed.length, deployments: deployments.size, active: deployed.map((d) => d.resources()) };
  }

  /** Stop everything: deadlines, deploys, workloads. */
  async close(): Promise<void> {
    for (const timer of this.#deadlines.values()) clearTimeout(timer);
    this.#deadlines.clear();
    this.#open.clear();
    await Promise.allSettled(this.#deploying.values());
    for (const key of [...this.#deployed.keys()]) this.#teardown(key);
    await Promise.all(this.#teardowns);
  }

  #armDeadline(key: string, lease: OpenLease): void {
    const remainingMs = Math.max(0, lease.createdAt.getTime() + this.options.manifestTimeoutMs - Date.now());
    const timer = setTimeout(() => {
      this.#deadlines.delete(key);
      this.options.chainView.closeLease(lease.id, "manifest_timeout");
      this.sync();
    }, remainingMs);
    this.#deadlines.set(key, timer);
  }

  #disarmDeadline(key: string): void {
    clearTimeout(this.#deadlines.get(key));
    this.#deadlines.delete(key);
  }

  #deploy(lease: OpenLease, groups: ManifestGroup[]): Promise<void> {
    const key = leaseKey(lease.id);
    const previous = this.#deploying.get(key) ?? Promise.resolve();
    const run = previous.then(() => this.#deployGroup(key, lease, groups));
    this.#deploying.set(key, run);
    return run.finally(() => {
      if (this.#deploying.get(key) === run) this.#deploying.delete(key);
    });
  }

  async #deployGroup(key: string, lease: OpenLease, groups: ManifestGroup[]): Promise<void> {
    // The provider matches manifest groups to its leases by group name; a lease without one gets nothing.
    const group = groups.find((candidate) => candidate.name === lease.groupName);
    if (group === undefined) return;
    const current = this.#deployed.get(key);
    // Re-sending the same manifest changes nothing, as re-applying identical Kubernetes objects changes nothing.
    if (current?.groupJson === JSON.stringify(group)) return;
    if (current !== undefined) {
      this.#deployed.delete(key);
      await current.teardown();
    }
    const { faults, startWorkload } = this.options;
    const podFaults = { neverReady: faults.workloadNeverReady, diesAfterMs: faults.workloadDiesAfterMs };
    const deployment = await LeaseDeployment.deploy(lease.id, group, startWorkload, podFaults);
    if (this.#open.has(key)) this.#deployed.set(key, deployment);
    else await deployment.teardown(); // the lease closed while its pods were starting
  }

  #teardown(key: string): void {
    const deployment = this.#deployed.get(key);
    if (deployment === undefined) return;
    this.#deployed.delete(key);
    const teardown = deployment.teardown().finally(() => this.#teardowns.delete(teardown));
    this.#teardowns.add(teardown);
  }
}
