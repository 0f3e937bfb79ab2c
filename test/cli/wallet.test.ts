import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, runCliAsync } from "../../scripts/run-cli.js";
import { balance } from "../../src/devnet/chain/modules/bank.js";
import { startDevnet, type Devnet } from "../../src/devnet/start-devnet.js";
import { tempDir } from "../temp-dir.js";

let devnet: Devnet;
let stateDir: string;
const local = () => ["--network", "local", "--state-dir", stateDir];

beforeAll(async () => {
  stateDir = tempDir("wallet");
  devnet = await startDevnet({ blockTimeMs: 300, stateDir });
});

afterAll(async () => {
  await devnet?.stop();
});

describe("akash-gpu wallet address | balance", () => {
  it("uses the running devnet's test wallet for --network local", async () => {
    const address = await runCliAsync(["wallet", "address", ...local(), "--json"]);
    expect(address.status).toBe(0);
    expect(JSON.parse(address.stdout)).toEqual({ address: devnet.address, network: "local" });

    const result = await runCliAsync(["wallet", "balance", ...local(), "--json"]);
    expect(result.status).toBe(0);
    const { balances } = JSON.parse(result.stdout) as { balances: { denom: string; amount: string; display?: string }[] };
    const uakt = balance(devnet.chain.store, devnet.address, "uakt");
    expect(balances.find((c) => c.denom === "uakt")).toEqual({ denom: "uakt", amount: uakt.toString(), display: `${Number(uakt) / 1e6} AKT` });
    expect(balances.find((c) => c.denom === "uact")?.display).toBe("1000 ACT");
    expect(result.stdout + result.stderr).not.toContain(devnet.mnemonic.split(" ").slice(0, 3).join(" "));

    const human = await runCliAsync(["wallet", "balance", ...local()]);
    expect(human.stdout).toContain(`${devnet.address} on local (akash-local-1)`);
    expect(human.stdout).toMatch(/1000 ACT\s+1000000000 uact/);
  });

  it("reads a mnemonic file only when nobody else can read it", () => {
    const file = join(tempDir("mnemonic"), "mnemonic");
    writeFileSync(file, `${devnet.mnemonic}\n`);
    chmodSync(file, 0o644);
    const open = runCli(["wallet", "address", "--network", "mainnet", "--mnemonic-file", file]);
    expect(open.status).toBe(1);
    expect(open.stderr).toContain(`${file}: found mode 644`);
    expect(open.stderr).toContain(`run chmod 600 ${file}`);
    chmodSync(file, 0o600);
    const closed = runCli(["wallet", "address", "--network", "mainnet", "--mnemonic-file", file]);
    expect(closed.status).toBe(0);
    expect(closed.stdout.trim()).toBe(devnet.address);
    for (const output of [open, closed]) expect(output.stdout + output.stderr).not.toContain(devnet.mnemonic.split(" ").slice(0, 3).join(" "));
  });

  it("takes AKASH_MNEMONIC, and says what to do when there is no wallet", () => {
    const fromEnv = runCli(["wallet", "address", "--network", "mainnet"], { env: { AKASH_MNEMONIC: devnet.mnemonic } });
    expect(fromEnv.stdout.trim()).toBe(devnet.address);
    const none = runCli(["wallet", "address", "--network", "mainnet"], { env: { AKASH_MNEMONIC: "" } });
    expect(none.status).toBe(1);
    expect(none.stderr).toContain("No wallet configured for mainnet");
    const noDevnet = runCli(["wallet", "address", "--network", "local", "--state-dir", tempDir("nodevnet")]);
    expect(noDevnet.status).toBe(1);
    expect(noDevnet.stderr).toContain("No devnet is running for --network local");
  });
});
