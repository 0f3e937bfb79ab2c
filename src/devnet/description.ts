import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** What a running devnet tells its users: endpoints, the test wallet, the providers. Also <state dir>/devnet.json. */
export type DevnetProviderDescription = {
  name: string;
  owner: string;
  hostUri: string;
  region: string;
  tier: string;
  audited: boolean;
  gpus: { model: string; ram?: string; interface?: string; count: number }[];
};

export type DevnetDescription = {
  chainId: string;
  rpc: string;
  rest: string;
  grpc: string;
  /** Fault injection and control API (loopback only). */
  admin: string;
  blockTimeMs: number;
  /** The devnet's deterministic test mnemonic: public, for the devnet only. */
  mnemonic: string;
  address: string;
  providers: DevnetProviderDescription[];
  pid: number;
};

export const DEVNET_FILE = "devnet.json";
export const DEVNET_STATE_FILE = "devnet-state.json";

/** The description of the devnet that runs (or ran) from this state dir, if its devnet.json is there. */
export function recordedDevnet(stateDir: string): DevnetDescription | undefined {
  const file = join(stateDir, DEVNET_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as DevnetDescription) : undefined;
}
