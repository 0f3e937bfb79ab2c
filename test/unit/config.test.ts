import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tempDir } from "../temp-dir.js";
import { join } from "node:path";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config/errors.js";
import { loadConfig } from "../../src/config/load.js";
import { SETTINGS } from "../../src/config/settings.js";

const MNEMONIC = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
const dir = () => tempDir("config");

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig", () => {
  it("uses the mainnet preset by default", () => {
    const config = loadConfig({ env: {}, cwd: dir() });
    expect(config.network).toBe("mainnet");
    expect(config.chainId).toBe("akashnet-2");
    expect(config.blockTimeMs).toBe(6000);
    expect(config.gasPrice).toBe("0.025uakt");
    expect(config.origins.chainId).toBe("the mainnet preset");
  });

  it("applies flags over environment over config file over preset", () => {
    const cwd = dir();
    writeFileSync(join(cwd, "akash-gpu.config.yaml"), "network: sandbox\ngasPrice: 0.03uakt\nblockTime: 5s\ngasAdjustment: 1.5\n");
    writeFileSync(join(cwd, ".env"), "AKASH_GAS_PRICE=0.04uakt\nAKASH_BLOCK_TIME=4s\n");
    const env = { AKASH_BLOCK_TIME: "3s" };
    const config = loadConfig({ env, cwd, flags: { gasAdjustment: "2" } });
    expect(config.network).toBe("sandbox"); // file
    expect(config.chainId).toBe("sandbox-2"); // preset of the network the file chose
    expect(config.gasPrice).toBe("0.04uakt"); // .env beats the file
    expect(config.blockTimeMs).toBe(3000); // process env beats .env
    expect(config.gasAdjustment).toBe(2); // flag beats everything
    expect(config.origins.gasAdjustment).toBe("--gas-adjustment");
    expect(config.origins.blockTime).toBe("AKASH_BLOCK_TIME");
    expect(config.origins.network).toMatch(/^network in .*akash-gpu\.config\.yaml$/);
  });

  it("reads the running devnet's endpoints for --network local", () => {
    const cwd = dir();
    mkdirSync(join(cwd, "state"));
    writeFileSync(join(cwd, "state", "devnet.json"), JSON.stringify({ chainId: "akash-local-7", rpc: "http://127.0.0.1:40001", rest: "http://127.0.0.1:40002", grpc: "http://127.0.0.1:40003" }));
    const config = loadConfig({ env: {}, cwd, flags: { network: "local", stateDir: "state" } });
    expect(config).toMatchObject({ chainId: "akash-local-7", rpc: "http://127.0.0.1:40001", rest: "http://127.0.0.1:40002", grpc: "http://127.0.0.1:40003" });
  });

  it("names the variable, what was found and the expected form", () => {
    const error = configError(() => loadConfig({ env: { AKASH_GAS_PRICE: "0.025uact", AKASH_NETWORK: "testnet" }, cwd: dir() }));
    expect(error.problems).toEqual([
      { field: "AKASH_NETWORK", found: '"testnet"', expected: "local | sandbox | mainnet" },
      { field: "AKASH_GAS_PRICE", found: '"0.025uact"', expected: "a decimal amount of uakt per gas unit, e.g. 0.025uakt" },
    ]);
    const second = configError(() => loadConfig({ env: { AKASH_GAS_PRICE: "0.025uact", AKASH_BLOCK_TIME: "10ms" }, cwd: dir() }));
    expect(second.problems.map((p) => p.field)).toEqual(["AKASH_GAS_PRICE", "AKASH_BLOCK_TIME"]);
    expect(second.message).toContain('AKASH_GAS_PRICE: found "0.025uact"');
    expect(second.message).toContain("expected: a decimal amount of uakt per gas unit, e.g. 0.025uakt");
    expect(second.message).toContain("expected: a duration from 50ms to 60s");
  });

  it("names bad values from flags and the config file by their own names", () => {
    const cwd = dir();
    writeFileSync(join(cwd, "cfg.yaml"), "rpc: not-a-url\ncolour: blue\n");
    const error = configError(() => loadConfig({ env: {}, cwd, flags: { config: "cfg.yaml", aktUsd: "-3" } }));
    const fields = error.problems.map((p) => p.field);
    expect(fields).toContain("--akt-usd");
    expect(fields.some((f) => /^colour in .*cfg\.yaml$/.test(f))).toBe(true);
    expect(fields.some((f) => /^rpc in .*cfg\.yaml$/.test(f))).toBe(true);
  });

  it("never echoes the mnemonic, valid or not", () => {
    const good = loadConfig({ env: { AKASH_MNEMONIC: MNEMONIC }, cwd: dir() });
    expect(good.mnemonic?.reveal()).toBe(MNEMONIC);
    for (const shown of [JSON.stringify(good), String(good.mnemonic), inspect(good, { depth: 5 })]) expect(shown).not.toContain("abandon");

    const bad = `${MNEMONIC} extra`;
    const error = configError(() => loadConfig({ env: { AKASH_MNEMONIC: bad }, cwd: dir() }));
    expect(error.problems[0]!.field).toBe("AKASH_MNEMONIC");
    expect(error.message).not.toContain("abandon");
    expect(JSON.stringify(error.problems)).not.toContain("abandon");
  });

  it("refuses a mnemonic in the config file without showing it", () => {
    const cwd = dir();
    writeFileSync(join(cwd, "akash-gpu.config.yaml"), `mnemonic: ${MNEMONIC}\n`);
    const error = configError(() => loadConfig({ env: {}, cwd }));
    expect(error.problems[0]!.expected).toMatch(/AKASH_MNEMONIC/);
    expect(error.message).not.toContain("abandon");
  });

  it("is documented in .env.example, every variable", () => {
    const example = readFileSync(new URL("../../.env.example", import.meta.url), "utf8");
    for (const name of [...SETTINGS.map((s) => s.env), "AKASH_GPU_CONFIG", "AKASH_INFERENCE_API_KEY", "HF_TOKEN"]) {
      expect(example, name).toMatch(new RegExp(`^#? ?${name}=`, "m"));
    }
  });
});
