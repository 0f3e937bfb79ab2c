/**
 * The akash-gpu command line. This module only declares commands; each command's work lives in
 * src/cli/commands/ and is imported when the command runs, so `--help` and light commands start fast.
 */
import { Command, CommanderError, Option } from "commander";
import { SETTINGS } from "../config/settings.js";
import { ExitCode } from "../errors/exit-codes.js";
import { readPackageJson } from "../package-files.js";
import { registerConfigCommands } from "./config.js";
import { registerDeployCommands } from "./deploy.js";
import { registerDeploymentCommands } from "./deployments.js";
import { registerDevnetCommands } from "./devnet.js";
import { registerWalletCommands } from "./wallet.js";
import { Output, processIo, type Io } from "./io.js";
import { reportError } from "./report-error.js";
import { registerReportCommands } from "./report.js";
import { registerSdlCommands } from "./sdl.js";

export type CommandContext = {
  io: Io;
  /** Sets the process exit code (commands that report a result, e.g. "invalid", without throwing). */
  setExitCode(code: number): void;
};

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  let exitCode: number = ExitCode.Ok;
  const context: CommandContext = { io, setExitCode: (code) => (exitCode = code) };
  const program = buildProgram(context);
  try {
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; usage errors were already printed by commander.
      return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Failure;
    }
    const json = argv.includes("--json");
    return reportError(error, new Output(io, { json }));
  }
}

function buildProgram(context: CommandContext): Command {
  const program = new Command("akash-gpu")
    .description("Provision GPU inference servers (vLLM, llama.cpp) on the Akash Network, and account for them.")
    .version(readPackageJson<{ version: string }>("package.json").version, "-V, --version")
    .showHelpAfterError("(run with --help for usage and examples)")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => context.io.stdout.write(text),
      writeErr: (text) => context.io.stderr.write(text),
    });
  for (const setting of SETTINGS) {
    if (!setting.flag) continue;
    program.addOption(new Option(`--${setting.flag} <value>`, `${setting.expected} (env ${setting.env})`).helpGroup("Global options:"));
  }
  program.addOption(new Option("--config <file>", "config file (YAML; env AKASH_GPU_CONFIG; default ./akash-gpu.config.yaml)").helpGroup("Global options:"));
  program.addHelpText(
    "after",
    `
Examples:
  $ akash-gpu sdl render --runtime vllm --model Qwen/Qwen3-8B --gpu h100 --max-usd-per-hour 2 -o qwen3.yaml
  $ akash-gpu sdl validate qwen3.yaml
  $ akash-gpu sdl manifest qwen3.yaml
  $ akash-gpu config show --network mainnet
  $ akash-gpu devnet start
  $ akash-gpu wallet balance --network local
  $ akash-gpu deploy --network local --runtime vllm --model Qwen/Qwen3-8B --gpu h100 --json
  $ akash-gpu list --network local
  $ akash-gpu teardown --run-id "$GITHUB_RUN_ID" --json
  $ akash-gpu report cost --since 30d --format html -o cost.html

Configuration: flags > environment (and .env) > config file > network preset. See .env.example.
Exit codes: 0 ok, 1 invalid input or failure, 2 partly done (some closes failed), 70 internal error.`,
  );
  registerSdlCommands(program, context);
  registerDeployCommands(program, context);
  registerDeploymentCommands(program, context);
  registerReportCommands(program, context);
  registerConfigCommands(program, context);
  registerDevnetCommands(program, context);
  registerWalletCommands(program, context);
  return program;
}
