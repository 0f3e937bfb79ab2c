import { spawn, type ChildProcess } from "node:child_process";
import { tempDir } from "../temp-dir.js";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterEach, describe, expect, it } from "vitest";
import { BIN, runCli } from "../../scripts/run-cli.js";
import type { DevnetDescription } from "../../src/devnet/description.js";

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

/** Starts `akash-gpu devnet start --json` and resolves with the description it prints when ready. */
function start(stateDir: string): Promise<{ child: ChildProcess; description: DevnetDescription }> {
  const child = spawn(process.execPath, [BIN, "--state-dir", stateDir, "--block-time", "200ms", "devnet", "start", "--json"], { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`devnet exited early with ${code}`)));
    createInterface({ input: child.stdout! }).once("line", (line) => resolve({ child, description: JSON.parse(line) as DevnetDescription }));
  });
}

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once("exit", resolve)));

async function height(rpc: string): Promise<number> {
  const reply = (await (await fetch(rpc, { method: "POST", body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "status", params: {} }) })).json()) as { result: { sync_info: { latest_block_height: string } } };
  return Number(reply.result.sync_info.latest_block_height);
}

describe("akash-gpu devnet start | stop", () => {
  it("announces itself as one JSON line, writes devnet.json for --network local, stops, and restarts where it stopped", async () => {
    const stateDir = tempDir("devnet");
    const { child, description } = await start(stateDir);
    expect(description).toMatchObject({ chainId: "akash-local-1", blockTimeMs: 200, address: expect.stringMatching(/^akash1/), mnemonic: expect.stringMatching(/^(\w+ ){23}\w+$/) });
    for (const url of [description.rpc, description.rest, description.grpc, description.admin]) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(description.providers.length).toBeGreaterThanOrEqual(5);
    expect(description.providers.filter((p) => p.gpus.some((g) => g.model === "h100")).length).toBeGreaterThanOrEqual(3);
    expect(JSON.parse(readFileSync(join(stateDir, "devnet.json"), "utf8"))).toEqual(description);

    const config = runCli(["config", "show", "--network", "local", "--state-dir", stateDir, "--json"]);
    expect(JSON.parse(config.stdout).settings).toMatchObject({ rpc: description.rpc, rest: description.rest, grpc: description.grpc });

    const second = runCli(["--state-dir", stateDir, "devnet", "start"]);
    expect(second.status).toBe(1);
    expect(second.stderr).toContain(`A devnet already runs from ${stateDir}`);

    while ((await height(description.rpc)) < 5) await new Promise((r) => setTimeout(r, 100));
    const before = await height(description.rpc);
    const stop = runCli(["--state-dir", stateDir, "devnet", "stop"]);
    expect(stop.status).toBe(0);
    expect(await exited(child)).toBe(0);
    expect(existsSync(join(stateDir, "devnet.json"))).toBe(false);
    expect(existsSync(join(stateDir, "devnet-state.json"))).toBe(true);

    const again = await start(stateDir);
    expect(await height(again.description.rpc)).toBeGreaterThanOrEqual(before);
    expect(runCli(["--state-dir", stateDir, "devnet", "stop"]).status).toBe(0);
    expect(await exited(again.child)).toBe(0);
  });

  it("says so when no devnet runs", () => {
    const result = runCli(["--state-dir", tempDir("none"), "devnet", "stop"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("No devnet runs from");
  });
});
