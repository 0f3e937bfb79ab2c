/** `akash-gpu sdl render | validate | manifest`: declarations only; the work is imported when a command runs. */
import { Command, Option } from "commander";
import { RUNTIMES, VLLM_DTYPES, VLLM_QUANTIZATIONS } from "../sdl/choices.js";
import type { CommandContext } from "./main.js";

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function registerSdlCommands(program: Command, context: CommandContext): void {
  const sdl = program.command("sdl").description("Render, validate and inspect Akash SDLs for GPU inference servers");

  sdl
    .command("render")
    .description("Render an SDL for a vLLM or llama.cpp server from typed parameters")
    .addOption(new Option("--runtime <runtime>", "inference server").choices(RUNTIMES).makeOptionMandatory())
    .requiredOption("--model <id>", "Hugging Face repository id (GGUF repository for llama-cpp)")
    .requiredOption("--gpu <models>", "GPU model(s), comma-separated or repeated; model[:ram[:interface]], e.g. h100, a100:80Gi, h100:80Gi:sxm", collect)
    .option("--gpu-count <n>", "GPUs per replica (tensor-parallel size for vLLM)", "1")
    .option("--max-usd-per-hour <usd>", "price ceiling in USD per hour (converted to uact per block at the block time)")
    .option("--max-uact-per-block <uact>", "price ceiling in uact per block")
    .option("--served-model-name <name>", "model name clients send (default: the model id)")
    .option("--context-length <tokens>", "maximum context per request (vLLM --max-model-len; llama.cpp --ctx-size is this × --parallel)")
    .option("--cpu <cores>", "CPUs (default sized for the GPU count)")
    .option("--memory <size>", "memory, e.g. 64Gi (default sized for the model)")
    .option("--storage <size>", "ephemeral storage, e.g. 20Gi")
    .option("--model-cache <size>", "persistent (beta3) volume for the model weights, e.g. 100Gi (default sized for the model)")
    .option("--region <region>", "placement attribute region, e.g. us-west")
    .option("--attribute <key=value>", "other placement attribute (repeatable)", collect)
    .option("--signed-by <address>", "accept only providers audited by this auditor (repeatable)", collect)
    .option("--audited", "accept only providers audited by Akash's auditor")
    .option("--reclamation-min-window <duration>", "minimum notice before a provider may reclaim the lease, e.g. 24h")
    .addOption(new Option("--dtype <dtype>", "vLLM: weight dtype").choices(VLLM_DTYPES))
    .addOption(new Option("--quantization <method>", "vLLM: quantisation method").choices(VLLM_QUANTIZATIONS))
    .option("--gpu-memory-utilization <fraction>", "vLLM: share of GPU memory to use (default 0.9)")
    .option("--trust-remote-code", "vLLM: allow the model's own code to run")
    .option("--quant <type>", "llama.cpp: GGUF quantisation to download (default Q4_K_M)")
    .option("--gguf-file <file>", "llama.cpp: exact .gguf file in the repository")
    .option("--parallel <slots>", "llama.cpp: parallel request slots (default 4)")
    .option("--image <image>", "container image (default: the template's pinned tag)")
    .option("--params-b <billions>", "model size in billions of parameters, for the sizing check")
    .option("--precision <precision>", "precision the weights load at, for the sizing check (bf16, fp8, q4_k_m, …)")
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
