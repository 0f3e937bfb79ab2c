/** Runs the built CLI (bin/akash-gpu.js) as a child process: what a user types, with what they would see. */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export const BIN = fileURLToPath(new URL("../bin/akash-gpu.js", import.meta.url));

export type CliResult = { status: number; stdout: string; stderr: string };

export function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string } = {}): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", ...options.env },
    cwd: options.cwd,
    input: options.input,
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
