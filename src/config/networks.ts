/**
 * Network presets: the lowest layer of configuration. Endpoints change; a preset is a starting point and any
 * flag, variable or config-file entry wins over it. Mainnet and sandbox endpoints: reference/networks.md.
 */
export const NETWORK_NAMES = ["local", "sandbox", "mainnet"] as const;
export type NetworkName = (typeof NETWORK_NAMES)[number];

export type NetworkPreset = {
  chainId: string;
  /** CometBFT JSON-RPC, used to sign and broadcast. */
  rpc: string;
  /** gRPC (HTTP/2) query endpoint. */
  grpc: string;
  /** gRPC-gateway REST endpoint. */
  rest: string;
  gasPrice: string;
  /** Block time assumed until it is measured from the chain. */
  blockTimeMs: number;
};

export const NETWORK_PRESETS: Record<NetworkName, NetworkPreset> = {
  // The embedded devnet; `akash-gpu devnet start` writes the real ports to <state dir>/devnet.json.
  local: {
    chainId: "akash-local-1",
    rpc: "http://127.0.0.1:26657",
    grpc: "http://127.0.0.1:9090",
    rest: "http://127.0.0.1:1317",
    gasPrice: "0.025uakt",
    blockTimeMs: 1000,
  },
  sandbox: {
    chainId: "sandbox-2",
    rpc: "https://rpc.sandbox-2.aksh.pw:443",
    grpc: "http://grpc.sandbox-2.aksh.pw:9090",
    rest: "https://api.sandbox-2.aksh.pw:443",
    gasPrice: "0.025uakt",
    blockTimeMs: 6000,
  },
  mainnet: {
    chainId: "akashnet-2",
    rpc: "https://rpc.akashnet.net:443",
    grpc: "https://akash-grpc.publicnode.com:443",
    rest: "https://api.akashnet.net:443",
    gasPrice: "0.025uakt",
    blockTimeMs: 6000,
  },
};
