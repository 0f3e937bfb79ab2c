/**
 * The gateway's public routes: GET /version, /status, /address. /status has the legacy REST shape mainnet
 * providers return (fixtures/api/provider-status-legacy-rest.json) plus the `address` the current gateway adds,
 * counted from what this provider really runs; its one simulated node has a fixed capacity.
 */
import type { ResourceTotals } from "./lease-deployment.js";
import type { LeasesSummary } from "./provider-leases.js";

const GIB = 1024 ** 3;
/** Capacity of the simulated node; inventory.available is this minus what deployed leases hold. */
const NODE_CAPACITY: ResourceTotals = { cpu: 128_000, memory: 1024 * GIB, storage_ephemeral: 4096 * GIB };

export function providerStatus(summary: LeasesSummary, providerAddress: string, publicHostname: string): unknown {
  const held = summary.active.reduce(
    (sum, lease) => ({ cpu: sum.cpu + lease.cpu, memory: sum.memory + lease.memory, storage_ephemeral: sum.storage_ephemeral + lease.storage_ephemeral }),
    { cpu: 0, memory: 0, storage_ephemeral: 0 },
  );
  const available: ResourceTotals = {
    cpu: Math.max(0, NODE_CAPACITY.cpu - held.cpu),
    memory: Math.max(0, NODE_CAPACITY.memory - held.memory),
    storage_ephemeral: Math.max(0, NODE_CAPACITY.storage_ephemeral - held.storage_ephemeral),
  };
  return {
    cluster: {
      leases: summary.deployedLeases,
      inventory: { active: summary.active, available: { nodes: [available] } },
    },
    // Bidding is the chain-side provider simulation's business; this gateway tracks no orders.
    bidengine: { orders: 0 },
    manifest: { deployments: summary.deployments },
    cluster_public_hostname: publicHostname,
    address: providerAddress,
  };
}

export function addressInfo(providerAddress: string): unknown {
  return { address: providerAddress };
}

/** versionInfo{akash: version.Info, kube: k8s version.Info}; says plainly that this is the devnet's provider. */
export function versionInfo(): unknown {
  return {
    akash: {
      name: "provider-services",
      server_name: "provider-services",
      version: "v0.16.0-devnet",
      commit: "",
      build_tags: "devnet",
      go: `node ${process.version}`,
      build_deps: [],
      cosmos_sdk_version: "",
    },
    kube: {
      major: "1",
      minor: "31",
      gitVersion: "v1.31.0",
      gitCommit: "",
      gitTreeState: "clean",
      buildDate: "",
      goVersion: "",
      compiler: "devnet",
      platform: `${process.platform}/${process.arch}`,
    },
  };
}
