/** The typed SDL parameters, shared by `sdl render` and `deploy` (which renders when no --sdl is given). */
import { Option, type Command } from "commander";
import { RUNTIMES, VLLM_DTYPES, VLLM_QUANTIZATIONS } from "../sdl/choices.js";

export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function addRenderOptions(command: Command, { required }: { required: boolean }): Command {
  const runtime = new Option("--runtime <runtime>", "inference server").choices(RUNTIMES);
  const model = new Option("--model <id>", "Hugging Face repository id (GGUF repository for llama-cpp)");
  const gpu = new Option("--gpu <models>", "GPU model(s), comma-separated or repeated; model[:ram[:interface]], e.g. h100, a100:80Gi, h100:80Gi:sxm").argParser(collect);
  if (required) for (const option of [runtime, model, gpu]) option.makeOptionMandatory();
  return command
    .addOption(runtime)
    .addOption(model)
    .addOption(gpu)
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
    .option("--precision <precision>", "precision the weights load at, for the sizing check (bf16, fp8, q4_k_m, …)");
}
