/** The form each setting must take, keyed like the SETTINGS table. */
import { number, oneOf, refined, text, type Check } from "../validation/fields.js";
import { cutoverFromText, type StakingCutover } from "../yield/cutover.js";
import { parseDuration } from "./duration.js";
import { NETWORK_NAMES } from "./networks.js";
import type { SettingKey } from "./settings.js";

const url: Check<string> = (value) => {
  try {
    const parsed = new URL(String(value));
    if (typeof value === "string" && (parsed.protocol === "http:" || parsed.protocol === "https:")) return { ok: true, value };
  } catch {
    // not a URL
  }
  return { ok: false, expected: "an http(s) URL" };
};
const positiveDecimal = refined(text(/^\d+(\.\d+)?$/, "a positive decimal"), (v) => Number(v) > 0, "a positive decimal");
const nonEmpty = text(/^.+$/s, "a non-empty value");

const blockTime: Check<number> = (value) => {
  const ms = typeof value === "string" ? parseDuration(value) : undefined;
  return ms !== undefined && ms >= 50 && ms <= 60_000 ? { ok: true, value: ms } : { ok: false, expected: "a duration from 50ms to 60s" };
};

const stakingCutover: Check<StakingCutover> = (value) => {
  const cutover = typeof value === "string" ? cutoverFromText(value) : undefined;
  return cutover ? { ok: true, value: cutover } : { ok: false, expected: "an ISO date or UTC time, or a block height" };
};

export const SETTING_CHECKS: Record<SettingKey, Check<unknown>> = {
  network: oneOf(NETWORK_NAMES),
  chainId: text(/^[a-zA-Z0-9_.-]{1,50}$/, "a chain id"),
  rpc: url,
  grpc: url,
  rest: url,
  mnemonic: text(/^[a-z]+( [a-z]+){11}$|^[a-z]+( [a-z]+){23}$/, "12 or 24 words"),
  mnemonicFile: nonEmpty,
  gasPrice: text(/^\d+(\.\d+)?uakt$/, "an amount of uakt"),
  gasAdjustment: number({ min: 1, max: 5 }, "1 to 5"),
  blockTime,
  aktUsd: positiveDecimal,
  actUsd: positiveDecimal,
  priceApi: url,
  stakingCutover,
  stateDir: nonEmpty,
};
