/**
 * Resolves the configuration. Precedence, highest first: command-line flags > environment (the process
 * environment, then a .env file in the working directory) > config file > network preset.
 * Every value is validated; an error names the variable, its origin, what was found and the expected form.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseEnv } from "node:util";
import { parse as parseYaml } from "yaml";
import { Dec } from "../costs/decimal.js";
import { recordedDevnet } from "../devnet/description.js";
import type { InputProblem } from "../errors/invalid-input.js";
import { ConfigError } from "./errors.js";
import { NETWORK_PRESETS, type NetworkName, type NetworkPreset } from "./networks.js";
import { SETTING_CHECKS } from "./schemas.js";
import type { StakingCutover } from "../yield/cutover.js";
import { Secret } from "./secret.js";
import { CONFIG_FILE_ENV, DEFAULT_CONFIG_FILE, DEFAULT_PRICE_API, SETTINGS, type Setting, type SettingKey } from "./settings.js";

export type Config = {
  network: NetworkName;
  chainId: string;
  rpc: string;
  grpc: string;
  rest: string;
  mnemonic: Secret | undefined;
  mnemonicFile: string | undefined;
  gasPrice: string;
  gasAdjustment: number;
  blockTimeMs: number;
  aktUsd: Dec | undefined;
  actUsd: Dec;
  /** URL of the AKT/USD price API (CoinGecko simple/price or Akash Console market-data shape). */
  priceApi: string;
  /** When AKT staking rewards end (Solana migration); yield projections stop there. */
  stakingCutover: StakingCutover | undefined;
  /** Absolute path. */
  stateDir: string;
  configFile: string | undefined;
  /** Where each setting came from, for `config show` and for error messages. */
  origins: Partial<Record<SettingKey, string>>;
};

export type LoadConfigInput = {
  /** Parsed flags keyed by setting key (commander's camelCase), plus `config`. */
  flags?: Partial<Record<SettingKey | "config", unknown>>;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
};

type Candidate = { value: unknown; origin: string };

const DEFAULTS: Partial<Record<SettingKey, string>> = { network: "mainnet", gasAdjustment: "1.3", actUsd: "1", priceApi: DEFAULT_PRICE_API, stateDir: ".akash-gpu" };

export function loadConfig(input: LoadConfigInput = {}): Config {
  const cwd = input.cwd ?? process.cwd();
  const flags = input.flags ?? {};
  const env = { ...readDotEnv(cwd), ...(input.env ?? process.env) };
  const problems: InputProblem[] = [];

  const configFile = locateConfigFile(flags.config, env, cwd);
  const file = configFile ? readConfigFile(configFile, problems) : {};

  const pick = (setting: Setting, preset?: NetworkPreset): Candidate | undefined => {
    if (setting.flag && flags[setting.key] !== undefined) return { value: flags[setting.key], origin: `--${setting.flag}` };
    const fromEnv = env[setting.env];
    if (fromEnv !== undefined && fromEnv !== "") return { value: fromEnv, origin: setting.env };
    if (setting.fileKey && file[setting.fileKey] !== undefined) {
      return { value: file[setting.fileKey], origin: `${setting.fileKey} in ${configFile}` };
    }
    const fromPreset = preset ? presetValue(setting.key, preset) : undefined;
    if (fromPreset !== undefined) return { value: fromPreset, origin: `the ${String(resolved.network)} preset` };
    const fallback = DEFAULTS[setting.key];
    return fallback === undefined ? undefined : { value: fallback, origin: "the default" };
  };

  const resolved: Partial<Record<SettingKey, unknown>> = {};
  const origins: Partial<Record<SettingKey, string>> = {};
  const settle = (setting: Setting, preset?: NetworkPreset) => {
    const candidate = pick(setting, preset);
    if (!candidate) return;
    const parsed = SETTING_CHECKS[setting.key](typeof candidate.value === "number" ? String(candidate.value) : candidate.value);
    if (!parsed.ok) {
      problems.push({ field: candidate.origin, found: describeFound(setting, candidate.value), expected: setting.expected });
      return;
    }
    resolved[setting.key] = parsed.value;
    origins[setting.key] = candidate.origin;
  };

  // Network and state dir first: the preset (and, for local, the running devnet's ports) depend on them.
  const byKey = new Map(SETTINGS.map((s) => [s.key, s]));
  settle(byKey.get("network")!);
  settle(byKey.get("stateDir")!);
  const network = (resolved.network ?? DEFAULTS.network) as NetworkName;
  const stateDir = resolve(cwd, String(resolved.stateDir ?? DEFAULTS.stateDir));
  const preset = network === "local" ? withRunningDevnet(NETWORK_PRESETS.local, stateDir) : NETWORK_PRESETS[network];
  for (const setting of SETTINGS) if (setting.key !== "network" && setting.key !== "stateDir") settle(setting, preset);

  if (problems.length > 0) throw new ConfigError(problems);

  return {
    network,
    chainId: resolved.chainId as string,
    rpc: resolved.rpc as string,
    grpc: resolved.grpc as string,
    rest: resolved.rest as string,
    mnemonic: resolved.mnemonic === undefined ? undefined : new Secret(resolved.mnemonic as string),
    mnemonicFile: resolved.mnemonicFile === undefined ? undefined : resolve(cwd, resolved.mnemonicFile as string),
    gasPrice: resolved.gasPrice as string,
    gasAdjustment: resolved.gasAdjustment as number,
    blockTimeMs: resolved.blockTime as number,
    aktUsd: resolved.aktUsd === undefined ? undefined : Dec.parse(resolved.aktUsd as string),
    actUsd: Dec.parse(resolved.actUsd as string),
    priceApi: resolved.priceApi as string,
    stakingCutover: resolved.stakingCutover as StakingCutover | undefined,
    stateDir,
    configFile,
    origins,
  };
}

function presetValue(key: SettingKey, preset: NetworkPreset): string | undefined {
  switch (key) {
    case "chainId":
    case "rpc":
    case "grpc":
    case "rest":
    case "gasPrice":
      return preset[key];
    case "blockTime":
      return `${preset.blockTimeMs}ms`;
    default:
      return undefined;
  }
}

function describeFound(setting: Setting, value: unknown): string {
  if (setting.secret) return "a value that does not have that form (not shown: it is secret)";
  return JSON.stringify(value);
}

function readDotEnv(cwd: string): Record<string, string> {
  const path = resolve(cwd, ".env");
  if (!existsSync(path)) return {};
  return parseEnv(readFileSync(path, "utf8")) as Record<string, string>;
}

function locateConfigFile(flag: unknown, env: NodeJS.ProcessEnv, cwd: string): string | undefined {
  const explicit = (typeof flag === "string" ? flag : undefined) ?? env[CONFIG_FILE_ENV];
  if (explicit) return resolve(cwd, explicit);
  const implicit = resolve(cwd, DEFAULT_CONFIG_FILE);
  return existsSync(implicit) ? implicit : undefined;
}

function readConfigFile(path: string, problems: InputProblem[]): Record<string, unknown> {
  const origin = `config file ${path}`;
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    problems.push({ field: origin, found: "no readable file", expected: `a YAML file (set by --config or ${CONFIG_FILE_ENV})` });
    return {};
  }
  let data: unknown;
  try {
    data = parseYaml(text) ?? {};
  } catch (error) {
    problems.push({ field: origin, found: `invalid YAML (${(error as Error).message.split("\n")[0]})`, expected: "a YAML mapping of setting names to values" });
    return {};
  }
  if (typeof data !== "object" || Array.isArray(data)) {
    problems.push({ field: origin, found: "a YAML value that is not a mapping", expected: "a YAML mapping of setting names to values" });
    return {};
  }
  const allowed = new Set(SETTINGS.flatMap((s) => (s.fileKey ? [s.fileKey] : [])));
  for (const key of Object.keys(data as object)) {
    if (key === "mnemonic") {
      problems.push({ field: `mnemonic in ${path}`, found: "a mnemonic in the config file (not shown)", expected: "no mnemonic in files that get shared; set AKASH_MNEMONIC or point mnemonicFile at a 0600 file" });
    } else if (!allowed.has(key)) {
      problems.push({ field: `${key} in ${path}`, found: "an unknown setting", expected: `one of ${[...allowed].join(", ")}` });
    }
  }
  return data as Record<string, unknown>;
}

/** `akash-gpu devnet start` records its endpoints in <state dir>/devnet.json; --network local uses them. */
function withRunningDevnet(preset: NetworkPreset, stateDir: string): NetworkPreset {
  try {
    const devnet = recordedDevnet(stateDir);
    return devnet ? { ...preset, chainId: devnet.chainId, rpc: devnet.rpc, grpc: devnet.grpc, rest: devnet.rest } : preset;
  } catch {
    return preset; // an unreadable devnet.json: the preset's defaults
  }
}
