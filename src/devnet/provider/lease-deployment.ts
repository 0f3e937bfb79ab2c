/**
 * One lease's manifest group running on the simulated cluster: its namespace, pods and events. Exists from the
 * first accepted manifest until the lease closes (then the namespace is deleted: pods stopped, events gone).
 */
import { createHash } from "node:crypto";
import { leaseKey, type LeaseId } from "./chain-view.js";
import { LeaseEventLog } from "./kube-events.js";
import type { ManifestGroup } from "./manifest.js";
import { Pod, type PodFaults, type StartWorkload } from "./pods.js";

export interface ResourceTotals {
  cpu: number;
  memory: number;
  storage_ephemeral: number;
}

export class LeaseDeployment {
  readonly events = new LeaseEventLog();
  #pods: Pod[] = [];

  private constructor(
    readonly lease: LeaseId,
    readonly group: ManifestGroup,
    /** The group as received, to tell a re-sent manifest from a changed one. */
    readonly groupJson: string,
  ) {}

  /** Start one pod per replica of every service of the group. Pods that fail to start stay listed as failed. */
  static async deploy(lease: LeaseId, group: ManifestGroup, startWorkload: StartWorkload, faults: PodFaults): Promise<LeaseDeployment> {
    const deployment = new LeaseDeployment(lease, group, JSON.stringify(group));
    const namespace = leaseNamespace(lease);
    const starts = group.services.flatMap((service) =>
      Array.from({ length: service.count }, () => Pod.start(lease, namespace, service, deployment.events, startWorkload, faults)),
    );
    deployment.#pods = await Promise.all(starts);
    return deployment;
  }

  get pods(): readonly Pod[] {
    return this.#pods;
  }

  /** Resources the group holds, for the provider's /status inventory (cpu in millicores, bytes otherwise). */
  resources(): ResourceTotals {
    const totals: ResourceTotals = { cpu: 0, memory: 0, storage_ephemeral: 0 };
    for (const service of this.group.services) {
      const { cpu, memory, storage } = service.resources;
      totals.cpu += Number(cpu.units.val) * service.count;
      totals.memory += Number(memory.size.val) * service.count;
      const ephemeral = (storage ?? []).filter((volume) => !(volume.attributes ?? []).some((a) => a.key === "persistent" && a.value === "true"));
      totals.storage_ephemeral += ephemeral.reduce((sum, volume) => sum + Number(volume.size.val), 0) * service.count;
    }
    return totals;
  }

  /** Delete the namespace: stop every pod and end the event stream. Never rejects. */
  async teardown(): Promise<void> {
    this.events.close();
    await Promise.all(this.#pods.map((pod) => pod.delete()));
  }
}

/** cluster/util LeaseIDToNamespace: lower-case unpadded base32hex of sha224(LeaseID.String()). */
function leaseNamespace(lease: LeaseId): string {
  const digest = createHash("sha224").update(leaseKey(lease)).digest();
  return base32Hex(digest).toLowerCase();
}

function base32Hex(bytes: Uint8Array): string {
  const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUV";
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = ((value << 8) | byte) & 0xffff; // at most 12 pending bits matter
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}
