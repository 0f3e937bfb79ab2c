/**
 * Starts the embedded local Akash network: the chain (restored from the state dir when there is one), its
 * CometBFT RPC, gRPC and REST servers, one gateway per provider of the fleet with its inference workloads,
 * the providers' bid engines, and the control API — all on loopback, ports chosen free unless given.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DevnetChain } from "./chain/chain.js";
import { createDevnetChain } from "./chain/create-chain.js";
import { DEVNET_MNEMONIC } from "./chain/genesis.js";
import { decodeSnapshot, encodeSnapshot } from "./chain/snapshot.js";
import { startAdminApi, type AdminProvider } from "./admin-api.js";
import { DEVNET_FILE, DEVNET_STATE_FILE, type DevnetDescription } from "./description.js";
import { BidEngine } from "./fleet/bid-engine.js";
import { loadFleet } from "./fleet/fleet-config.js";
import { registerProviders } from "./fleet/register.js";
import { ProviderFaults, startProviderGateway, type ProviderFaultSettings, type ProviderGateway, type StartWorkload } from "./provider/gateway.js";
import { providerChainView } from "./provider-chain-view.js";
import { startCometRpc } from "./rpc/comet-rpc.js";
import { RpcFaults, type RpcFaultSettings } from "./rpc/faults.js";
import { startGrpcServer } from "./rpc/grpc-server.js";
import { startRestGateway } from "./rpc/rest-gateway.js";
import { startWorkload } from "./workload/start-workload.js";
import { workloadOptionsFromService } from "./workload/from-manifest.js";

export type StartDevnetOptions = {
  chainId?: string;
  /** 50 ms to 6 s; default 1 s. */
  blockTimeMs?: number;
  /** Provider fleet YAML; default data/devnet-fleet.yaml. */
  providersFile?: string;
  /** Where devnet.json and the chain's state go; none: nothing is written and nothing persists. */
  stateDir?: string;
  ports?: Partial<Record<"rpc" | "grpc" | "rest" | "admin", number>>;
  /** Providers withdraw lease earnings this often (blocks); default 60. */
  withdrawPeriodBlocks?: number;
  /** Leases close when no manifest arrives within this; default 5 minutes, as provider-services. */
  manifestTimeoutMs?: number;
  /** How long workloads take to "load the model"; default 1 s. */
  workloadLoadDelayMs?: number;
  /** Faults from the start, on top of those in the fleet file: the RPC node's, and per provider name. */
  faults?: { rpc?: RpcFaultSettings; providers?: Record<string, ProviderFaultSettings & { neverBids?: boolean }> };
};

export type Devnet = DevnetDescription & {
  chain: DevnetChain;
  rpcFaults: RpcFaults;
  providerFaults: AdminProvider[];
  stop(): Promise<void>;
};

export async function startDevnet(options: StartDevnetOptions = {}): Promise<Devnet> {
  const blockTimeMs = options.blockTimeMs ?? 1000;
  if (blockTimeMs < 50 || blockTimeMs > 6000) throw new RangeError(`block time must be 50 ms to 6 s, got ${blockTimeMs} ms`);
  const fleet = loadFleet(options.providersFile);
  const chainId = options.chainId ?? "akash-local-1";
  const statePath = options.stateDir ? join(options.stateDir, DEVNET_STATE_FILE) : undefined;
  const withdrawPeriodBlocks = options.withdrawPeriodBlocks ?? 60;
  const created = await createDevnetChain({ chainId, blockTimeMs, withdrawPeriodBlocks, providerCount: fleet.length });
  const chain = statePath && existsSync(statePath)
    ? new DevnetChain({ params: created.chain.params, blockTimeMs, withdrawPeriodBlocks, genesis: () => undefined, restore: decodeSnapshot(readFileSync(statePath, "utf8")) })
    : created.chain;

  const rpcFaults = new RpcFaults(options.faults?.rpc);
  const host = "127.0.0.1";
  const rpc = await startCometRpc(chain, { host, port: options.ports?.rpc ?? 0, faults: rpcFaults });
  const grpc = await startGrpcServer(chain, { host, port: options.ports?.grpc ?? 0, faults: rpcFaults });
  const rest = await startRestGateway(chain, { host, port: options.ports?.rest ?? 0, faults: rpcFaults });

  const chainView = providerChainView(chain);
  const loadDelayMs = options.workloadLoadDelayMs ?? 1000;
  const launch: StartWorkload = async ({ service, neverReady }) => {
    const spec = workloadOptionsFromService(service);
    if (!spec) throw new Error(`service ${service.name}: image ${service.image} is not a vLLM or llama.cpp server the devnet can run`);
    return startWorkload({ ...spec.options, neverReady, loadDelayMs, host, port: 0 });
  };
  const providers: AdminProvider[] = [];
  const gateways: ProviderGateway[] = [];
  for (const [index, config] of fleet.entries()) {
    const owner = created.providers[index]!.address;
    const { neverBids = false, ...gatewayFaults } = { ...config.faults, ...options.faults?.providers?.[config.name] };
    const faults = new ProviderFaults(gatewayFaults);
    gateways.push(await startProviderGateway({ providerAddress: owner, chainView, startWorkload: launch, host, port: 0, faults, ...(options.manifestTimeoutMs ? { manifestTimeoutMs: options.manifestTimeoutMs } : {}) }));
    providers.push({ name: config.name, owner, gateway: faults, bidding: { neverBids } });
  }
  const registered = registerProviders(chain, fleet.map((config, i) => ({ config, address: providers[i]!.owner, hostUri: gateways[i]!.hostUri, certificate: { cert: gateways[i]!.certificate.certPem, pubkey: gateways[i]!.certificate.publicKeyPem } })));
  chain.produceBlock();
  await registered;

  const bidEngine = new BidEngine(chain, fleet.map((config, i) => ({ config, address: providers[i]!.owner, faults: faultsView(providers[i]!) })), blockTimeMs);
  bidEngine.start();
  const syncGateways = () => gateways.forEach((gateway) => gateway.sync());
  chain.on("block", syncGateways);
  chain.start();
  const admin = await startAdminApi({ chain, rpcFaults, providers, port: options.ports?.admin ?? 0 });

  const description: DevnetDescription = {
    chainId, rpc: rpc.url, rest: rest.url, grpc: grpc.url, admin: admin.url, blockTimeMs, mnemonic: DEVNET_MNEMONIC, address: created.user.address, pid: process.pid,
    providers: fleet.map((config, i) => ({ name: config.name, owner: providers[i]!.owner, hostUri: gateways[i]!.hostUri, region: config.region, tier: config.tier, audited: config.audited, gpus: config.gpus })),
  };
  const save = () => {
    if (!statePath) return;
    writeFileSync(`${statePath}.tmp`, encodeSnapshot(chain.snapshot()));
    renameSync(`${statePath}.tmp`, statePath); // never a half-written state
  };
  if (options.stateDir) {
    mkdirSync(options.stateDir, { recursive: true });
    writeFileSync(join(options.stateDir, DEVNET_FILE), `${JSON.stringify(description, null, 2)}\n`);
  }
  const autosave = setInterval(save, 30_000);
  autosave.unref();

  let stopped = false;
  return {
    ...description,
    chain,
    rpcFaults,
    providerFaults: providers,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(autosave);
      chain.stop();
      bidEngine.stop();
      chain.off("block", syncGateways);
      save();
      await Promise.all([rpc.close(), grpc.close(), rest.close(), admin.close(), ...gateways.map((g) => g.close())]);
      if (options.stateDir) rmSync(join(options.stateDir, DEVNET_FILE), { force: true });
    },
  };
}

/** The bid engine's view of a provider's faults: it stays silent when told never to bid or when it is down. */
function faultsView(provider: AdminProvider): { neverBids: boolean; down: boolean } {
  return {
    get neverBids() {
      return provider.bidding.neverBids;
    },
    get down() {
      return provider.gateway.down;
    },
  };
}
