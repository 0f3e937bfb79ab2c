/** A devnet started in the test process, and the CLI pointed at it (`--network local --state-dir <dir>`). */
import { runCliAsync, type CliResult } from "../../scripts/run-cli.js";
import { createQuerySdk } from "../../src/chain/query-sdk.js";
import { startDevnet, type Devnet } from "../../src/devnet/start-devnet.js";
import { tempDir } from "../temp-dir.js";

export type LocalDevnet = {
  devnet: Devnet;
  stateDir: string;
  sdk: ReturnType<typeof createQuerySdk>;
  cli(args: string[], env?: NodeJS.ProcessEnv): Promise<CliResult>;
  /** Sets faults on the named providers (all when omitted) through the devnet's admin API. */
  providerFaults(faults: Record<string, unknown>, names?: string[]): Promise<void>;
};

export async function startLocalDevnet(options: { blockTimeMs: number; prefix: string }): Promise<LocalDevnet> {
  const stateDir = tempDir(options.prefix);
  const devnet = await startDevnet({ blockTimeMs: options.blockTimeMs, stateDir, workloadLoadDelayMs: 300 });
  return {
    devnet,
    stateDir,
    sdk: createQuerySdk(devnet.grpc),
    cli: (args, env) => runCliAsync([...args, "--network", "local", "--state-dir", stateDir], { env }),
    async providerFaults(faults, names = devnet.providers.map((p) => p.name)) {
      for (const name of names) {
        const reply = await fetch(`${devnet.admin}/faults/providers/${name}`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(faults) });
        if (reply.status !== 200) throw new Error(`admin API: ${reply.status} ${await reply.text()}`);
      }
    },
  };
}

/** The records of `-o jsonl` output. */
export const jsonl = (stdout: string): Record<string, unknown>[] =>
  stdout
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Record<string, unknown>);
