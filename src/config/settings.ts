/**
 * Every setting akash-gpu reads, with the names it has in each layer (flag, environment, config file) and the
 * form it must take. One table, so the loader, the error messages, `--help` and .env.example agree.
 * The validators live in schemas.ts: `--help` reads this table without loading them.
 */
import { NETWORK_NAMES } from "./networks.js";

export type SettingKey =
  | "network"
  | "chainId"
  | "rpc"
  | "grpc"
  | "rest"
  | "mnemonic"
  | "mnemonicFile"
  | "gasPrice"
  | "gasAdjustment"
  | "blockTime"
  | "aktUsd"
  | "actUsd"
  | "priceApi"
  | "stakingCutover"
  | "stateDir";

export type Setting = {
  key: SettingKey;
  env: string;
  /** Long flag without dashes; undefined when the setting must not be given on the command line. */
  flag?: string;
  /** Key in the config file; undefined when the setting must not live in a file. */
  fileKey?: string;
  /** Never echoed, logged or put in an error. */
  secret?: boolean;
  expected: string;
};


export const SETTINGS: readonly Setting[] = [
  { key: "network", env: "AKASH_NETWORK", flag: "network", fileKey: "network", expected: NETWORK_NAMES.join(" | ") },
  { key: "chainId", env: "AKASH_CHAIN_ID", flag: "chain-id", fileKey: "chainId", expected: "a chain id such as akashnet-2" },
  { key: "rpc", env: "AKASH_RPC", flag: "rpc", fileKey: "rpc", expected: "an http(s) URL of a CometBFT RPC endpoint, e.g. https://rpc.akashnet.net:443" },
  { key: "grpc", env: "AKASH_GRPC", flag: "grpc", fileKey: "grpc", expected: "an http(s) URL of a gRPC endpoint, e.g. https://akash-grpc.publicnode.com:443" },
  { key: "rest", env: "AKASH_REST", flag: "rest", fileKey: "rest", expected: "an http(s) URL of a REST (gRPC-gateway) endpoint, e.g. https://api.akashnet.net:443" },
  { key: "mnemonic", env: "AKASH_MNEMONIC", secret: true, expected: "12 or 24 lowercase words separated by single spaces" },
  { key: "mnemonicFile", env: "AKASH_MNEMONIC_FILE", flag: "mnemonic-file", fileKey: "mnemonicFile", expected: "a path to a file readable only by you (mode 0600) holding the mnemonic" },
  { key: "gasPrice", env: "AKASH_GAS_PRICE", flag: "gas-price", fileKey: "gasPrice", expected: "a decimal amount of uakt per gas unit, e.g. 0.025uakt" },
  { key: "gasAdjustment", env: "AKASH_GAS_ADJUSTMENT", flag: "gas-adjustment", fileKey: "gasAdjustment", expected: "a number from 1 to 5 that multiplies simulated gas, e.g. 1.3" },
  { key: "blockTime", env: "AKASH_BLOCK_TIME", flag: "block-time", fileKey: "blockTime", expected: "a duration from 50ms to 60s, e.g. 6s or 6100ms" },
  { key: "aktUsd", env: "AKASH_AKT_USD", flag: "akt-usd", fileKey: "aktUsd", expected: "the AKT price in USD as a positive decimal, e.g. 1.25" },
  { key: "actUsd", env: "AKASH_ACT_USD", flag: "act-usd", fileKey: "actUsd", expected: "USD per ACT as a positive decimal (the peg; 1 unless overridden)" },
  { key: "priceApi", env: "AKASH_PRICE_API", flag: "price-api", fileKey: "priceApi", expected: "an http(s) URL answering the AKT price as CoinGecko simple/price or Akash Console market-data JSON" },
  { key: "stakingCutover", env: "AKASH_STAKING_CUTOVER", flag: "staking-cutover", fileKey: "stakingCutover", expected: "when AKT staking rewards end (the Solana migration cutover): an ISO date or UTC time (2027-03-01, 2027-03-01T12:00:00Z) or a block height" },
  { key: "stateDir", env: "AKASH_STATE_DIR", flag: "state-dir", fileKey: "stateDir", expected: "a directory path for the journal and caches, e.g. .akash-gpu" },
];

/** The variable that points at the optional config file (also `--config`). */
export const CONFIG_FILE_ENV = "AKASH_GPU_CONFIG";
export const DEFAULT_CONFIG_FILE = "akash-gpu.config.yaml";
/**
 * Akash Console's market-data endpoint: the AKT price from the chain's oracle median (fallback: the day's
 * price in its database), cached 5 minutes, no API key or rate limit tier needed. CoinGecko's simple/price
 * works too (set AKASH_PRICE_API to it).
 */
export const DEFAULT_PRICE_API = "https://console-api.akash.network/v1/market-data/akash-network";
