/**
 * EVM staking positions as a config section (a YAML/JSON list; where it lives is the caller's choice):
 *   - { kind: erc4626, name?, rpcUrl, vault, owner, fromBlock? }
 *   - { kind: morpheus, name?, rpcUrl, distribution, poolId, user }
 * Parsing checks the shape and names each bad field by its path (e.g. "yield.evm[1].vault"); reading passes
 * those paths on, so an unreachable RPC names the entry whose rpcUrl it was.
 */
import { InvalidInputError, type InputProblem } from "../../errors/invalid-input.js";
import { readMorpheusReward, type MorpheusReward } from "./morpheus.js";
import { readVaultPosition, type VaultPosition } from "./vault.js";

export type Erc4626PositionConfig = { kind: "erc4626"; name?: string; rpcUrl: string; vault: string; owner: string; fromBlock?: bigint; path: string };
export type MorpheusPositionConfig = { kind: "morpheus"; name?: string; rpcUrl: string; distribution: string; poolId: bigint; user: string; path: string };
export type EvmPositionConfig = Erc4626PositionConfig | MorpheusPositionConfig;

export type EvmPositionReading =
  | { kind: "erc4626"; name?: string; position: VaultPosition }
  | { kind: "morpheus"; name?: string; reward: MorpheusReward };

const HEX_ADDRESS = /^0x[0-9a-fA-F]{40}$/;

export function parseEvmPositions(raw: unknown, path = "yield.evm"): EvmPositionConfig[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new InvalidInputError("Invalid EVM positions", [{ field: path, found: typeof raw, expected: "a list of positions ({ kind: erc4626 | morpheus, … })" }]);
  const problems: InputProblem[] = [];
  const positions: EvmPositionConfig[] = [];
  raw.forEach((entry: unknown, index) => {
    const at = `${path}[${index}]`;
    const item = (typeof entry === "object" && entry !== null ? entry : {}) as Record<string, unknown>;
    const field = (key: string, ok: (v: unknown) => boolean, expected: string) => {
      if (!ok(item[key])) problems.push({ field: `${at}.${key}`, found: item[key] === undefined ? "nothing" : JSON.stringify(item[key]), expected });
      return item[key];
    };
    const isUrl = (v: unknown) => typeof v === "string" && /^https?:\/\/\S+$/.test(v);
    const isAddress = (v: unknown) => typeof v === "string" && HEX_ADDRESS.test(v);
    const isInteger = (v: unknown) => (typeof v === "number" && Number.isSafeInteger(v) && v >= 0) || (typeof v === "string" && /^\d+$/.test(v)) || (typeof v === "bigint" && v >= 0n);
    const name = typeof item.name === "string" ? item.name : undefined;
    const rpcUrl = field("rpcUrl", isUrl, "an http(s) URL of an Ethereum JSON-RPC endpoint") as string;
    if (item.kind === "erc4626") {
      const vault = field("vault", isAddress, "the vault's address, 0x followed by 40 hex digits") as string;
      const owner = field("owner", isAddress, "the share holder's address, 0x followed by 40 hex digits") as string;
      const fromBlock = item.fromBlock === undefined ? undefined : field("fromBlock", isInteger, "a block number to compare with") ;
      positions.push({ kind: "erc4626", name, rpcUrl, vault, owner, fromBlock: fromBlock === undefined || !isInteger(fromBlock) ? undefined : BigInt(fromBlock as string), path: at });
    } else if (item.kind === "morpheus") {
      const distribution = field("distribution", isAddress, "the Distribution contract's address, 0x followed by 40 hex digits") as string;
      const poolId = field("poolId", isInteger, "a pool index ≥ 0 (0 is the capital pool)");
      const user = field("user", isAddress, "the staker's address, 0x followed by 40 hex digits") as string;
      positions.push({ kind: "morpheus", name, rpcUrl, distribution, poolId: isInteger(poolId) ? BigInt(poolId as string) : 0n, user, path: at });
    } else {
      problems.push({ field: `${at}.kind`, found: JSON.stringify(item.kind ?? null), expected: "erc4626 or morpheus" });
    }
  });
  if (problems.length > 0) throw new InvalidInputError("Invalid EVM positions", problems);
  return positions;
}

export async function readEvmPosition(config: EvmPositionConfig): Promise<EvmPositionReading> {
  const settings = (keys: string[]) => Object.fromEntries(keys.map((k) => [k, `${config.path}.${k}`]));
  if (config.kind === "erc4626") {
    const position = await readVaultPosition({ rpcUrl: config.rpcUrl, vault: config.vault, owner: config.owner, fromBlock: config.fromBlock, settings: settings(["rpcUrl", "vault", "owner", "fromBlock"]) });
    return { kind: "erc4626", name: config.name, position };
  }
  const reward = await readMorpheusReward({ rpcUrl: config.rpcUrl, distribution: config.distribution, poolId: config.poolId, user: config.user, settings: settings(["rpcUrl", "distribution", "poolId", "user"]) });
  return { kind: "morpheus", name: config.name, reward };
}
