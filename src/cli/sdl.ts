/** `akash-gpu sdl render | validate | manifest`: declarations only; the work is imported when a command runs. */
import type { Command } from "commander";
import { addRenderOptions } from "./render-options.js";
import type { CommandContext } from "./main.js";

export function registerSdlCommands(program: Command, context: CommandContext): void {
  const sdl = program.command("sdl").description("Render, validate and inspect Akash SDLs for GPU inference servers");

  addRenderOptions(
    sdl.command("render").description("Render an SDL for a vLLM or llama.cpp server from typed parameters"),
    { required: true },
  )
    .option("-o, --output <file>", "write the SDL to a file (mode 0600: it holds the API key)")
    .option("--show-secrets", "print the API key and HF token even on a terminal")
    .option("--json", "print a JSON result instead of YAML")
    .addHelpText(
      "after",
      `
The inference API key is generated (or taken from AKASH_INFERENCE_API_KEY) and written into the SDL's
environment; HF_TOKEN, when set, is passed through the same way. Neither is printed on a terminal unless
--show-secrets is given; written to a file or a pipe, the SDL is complete.

Examples:
  $ akash-gpu sdl render --runtime vllm --model Qwen/Qwen3-8B --gpu h100 --max-usd-per-hour 2 -o qwen3.yaml
  $ akash-gpu sdl render --runtime vllm --model meta-llama/Llama-3.3-70B-Instruct --gpu h100,a100:80Gi --gpu-count 2
  $ akash-gpu sdl render --runtime llama-cpp --model Qwen/Qwen3-8B-GGUF --quant Q5_K_M --gpu rtx4090 --region us-west
  $ akash-gpu sdl render --runtime vllm --model Qwen/Qwen3-8B --gpu h100 --json | jq .usdPerHour`,
    )
    .action(async (options, command: Command) => {
      const { renderCommand } = await import("./commands/sdl-render.js");
      await renderCommand(options, command.optsWithGlobals(), context);
    });

  sdl
    .command("validate")
    .description("Check an SDL against chain-sdk's rules and mainnet's; print groups, GPUs, price and manifest hash")
    .argument("<file>", "SDL file ('-' for standard input)")
    .option("--json", "print the result as JSON")
    .addHelpText(
      "after",
      `
Exits 0 when the SDL is valid and 1 when it is not; each problem names its YAML path, line and the fix.

Examples:
  $ akash-gpu sdl validate deploy.yaml
  $ akash-gpu sdl validate deploy.yaml --json | jq -r .manifestVersion
  $ akash-gpu sdl render --runtime vllm --model Qwen/Qwen3-8B --gpu h100 | akash-gpu sdl validate -`,
    )
    .action(async (file: string, options, command: Command) => {
      const { validateCommand } = await import("./commands/sdl-validate.js");
      await validateCommand(file, options, command.optsWithGlobals(), context);
    });

  sdl
    .command("manifest")
    .description("Print the manifest a provider receives (sorted JSON; its SHA-256 is the deployment hash)")
    .argument("<file>", "SDL file ('-' for standard input)")
    .option("--show-secrets", "print environment secrets even on a terminal")
    .addHelpText(
      "after",
      `
Examples:
  $ akash-gpu sdl manifest deploy.yaml > manifest.json
  $ akash-gpu sdl manifest deploy.yaml | sha256sum   # equals the manifest version from 'sdl validate'`,
    )
    .action(async (file: string, options, command: Command) => {
      const { manifestCommand } = await import("./commands/sdl-manifest.js");
      await manifestCommand(file, options, command.optsWithGlobals(), context);
    });
}
