/** The fixed choices of render parameters; kept apart from the validation so `--help` loads nothing heavy. */
export const RUNTIMES = ["vllm", "llama-cpp"] as const;
export type Runtime = (typeof RUNTIMES)[number];

export const VLLM_DTYPES = ["auto", "half", "float16", "bfloat16", "float", "float32"] as const;
export const VLLM_QUANTIZATIONS = ["awq", "awq_marlin", "gptq", "gptq_marlin", "fp8", "bitsandbytes", "compressed-tensors", "modelopt", "mxfp4", "experts_int8", "gguf"] as const;
