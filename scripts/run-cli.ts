/** Runs the built CLI (bin/akash-gpu.js) as a child process: what a user types, with what they would see. */
import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export const BIN = fileURLToPath(new URL("../bin/akash-gpu.js", import.meta.url));

export type CliResult = { status: number; stdout: string; stderr: string };

/** Every run of this process, with what it printed: the test suite scans it for secrets after each test. */
export const transcript: (CliResult & { args: string[] })[] = [];

export function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string } = {}): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", ...options.env },
    cwd: options.cwd,
    input: options.input,
  });
  const run = { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
  transcript.push({ args, ...run });
  return run;
}

/** The same, without blocking this process: for commands that talk to a server running in it (a devnet). */
export function runCliAsync(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<CliResult> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: "1", ...options.env }, cwd: options.cwd, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) =>
    child.on("close", (status) => {
      const run = { status: status ?? -1, stdout, stderr };
      transcript.push({ args, ...run });
      resolve(run);
    }),
  );
}
