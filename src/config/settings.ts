/**
 * Every setting akash-gpu reads, with the names it has in each layer (flag, environment, config file) and the
 * form it must take. One table, so the loader, the error messages, `--help` and .env.example agree.
 */
import { z } from "zod";
import { NETWORK_NAMES } from "./networks.js";
import { parseDuration } from "./duration.js";

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
  schema: z.ZodType;
};

const url = z.string().refine((value) => {
  try {
    const parsed = new URL(value);
    return parsed.protocol === "http:" || parsed.protocol === "https:";
  } catch {
    return false;
  }
});
const positiveDecimal = z.string().regex(/^\d+(\.\d+)?$/).refine((value) => Number(value) > 0);

export const SETTINGS: readonly Setting[] = [
  { key: "network", env: "AKASH_NETWORK", flag: "network", fileKey: "network", expected: NETWORK_NAMES.join(" | "), schema: z.enum(NETWORK_NAMES) },
  { key: "chainId", env: "AKASH_CHAIN_ID", flag: "chain-id", fileKey: "chainId", expected: "a chain id such as akashnet-2", schema: z.string().regex(/^[a-zA-Z0-9_.-]{1,50}$/) },
  { key: "rpc", env: "AKASH_RPC", flag: "rpc", fileKey: "rpc", expected: "an http(s) URL of a CometBFT RPC endpoint, e.g. https://rpc.akashnet.net:443", schema: url },
  { key: "grpc", env: "AKASH_GRPC", flag: "grpc", fileKey: "grpc", expected: "an http(s) URL of a gRPC endpoint, e.g. https://akash-grpc.publicnode.com:443", schema: url },
  { key: "rest", env: "AKASH_REST", flag: "rest", fileKey: "rest", expected: "an http(s) URL of a REST (gRPC-gateway) endpoint, e.g. https://api.akashnet.net:443", schema: url },
  { key: "mnemonic", env: "AKASH_MNEMONIC", secret: true, expected: "12 or 24 lowercase words separated by single spaces", schema: z.string().regex(/^[a-z]+( [a-z]+){11}$|^[a-z]+( [a-z]+){23}$/) },
  { key: "mnemonicFile", env: "AKASH_MNEMONIC_FILE", flag: "mnemonic-file", fileKey: "mnemonicFile", expected: "a path to a file readable only by you (mode 0600) holding the mnemonic", schema: z.string().min(1) },
  { key: "gasPrice", env: "AKASH_GAS_PRICE", flag: "gas-price", fileKey: "gasPrice", expected: "a decimal amount of uakt per gas unit, e.g. 0.025uakt", schema: z.string().regex(/^\d+(\.\d+)?uakt$/) },
  { key: "gasAdjustment", env: "AKASH_GAS_ADJUSTMENT", flag: "gas-adjustment", fileKey: "gasAdjustment", expected: "a number from 1 to 5 that multiplies simulated gas, e.g. 1.3", schema: z.coerce.number().min(1).max(5) },
  { key: "blockTime", env: "AKASH_BLOCK_TIME", flag: "block-time", fileKey: "blockTime", expected: "a duration from 50ms to 60s, e.g. 6s or 6100ms", schema: z.string().transform((value, ctx) => {
    const ms = parseDuration(value);
    if (ms === undefined || ms < 50 || ms > 60_000) {
      ctx.addIssue({ code: "custom", message: "out of range" });
      return z.NEVER;
    }
    return ms;
  }) },
  { key: "aktUsd", env: "AKASH_AKT_USD", flag: "akt-usd", fileKey: "aktUsd", expected: "the AKT price in USD as a positive decimal, e.g. 1.25", schema: positiveDecimal },
  { key: "actUsd", env: "AKASH_ACT_USD", flag: "act-usd", fileKey: "actUsd", expected: "USD per ACT as a positive decimal (the peg; 1 unless overridden)", schema: positiveDecimal },
  { key: "stateDir", env: "AKASH_STATE_DIR", flag: "state-dir", fileKey: "stateDir", expected: "a directory path for the journal and caches, e.g. .akash-gpu", schema: z.string().min(1) },
];

/** The variable that points at the optional config file (also `--config`). */
export const CONFIG_FILE_ENV = "AKASH_GPU_CONFIG";
export const DEFAULT_CONFIG_FILE = "akash-gpu.config.yaml";
