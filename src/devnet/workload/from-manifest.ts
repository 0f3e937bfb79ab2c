/**
 * Reads a service of a manifest, as a provider receives it (sorted manifest JSON), into the workload that
 * imitates it: which server, under which name, with which key, on which container port. Flags are read the
 * way the servers read them: `--flag value` or `--flag=value`, the last occurrence wins, and a command-line
 * flag beats its environment variable.
 */
import type { WorkloadOptions } from "./start-workload.js";

/** The fields of a manifest service this module reads (chain-sdk's manifest JSON has more). */
export type ManifestService = {
  name: string;
  image: string;
  command?: readonly string[] | null;
  args?: readonly string[] | null;
  /** "KEY=value" entries. */
  env?: readonly string[] | null;
};

export type ServiceWorkload = {
  /** The port the server listens on inside the container, the one the manifest exposes. */
  containerPort: number;
  /** Everything but where to listen, which is the provider's choice. */
  options: Omit<WorkloadOptions, "host" | "port">;
};

const VLLM_PORT = 8000;
const LLAMA_CPP_PORT = 8080;
const LLAMA_CPP_CONTEXT = 4096;
/** llama-server's automatic slot count when --parallel is not given. */
const LLAMA_CPP_AUTO_SLOTS = 4;

/**
 * The workload for a vLLM or llama.cpp service; undefined for any other image, or for a command that names no
 * model (akash-gpu never renders one; the devnet does not guess what the server would load).
 */
export function workloadOptionsFromService(service: ManifestService): ServiceWorkload | undefined {
  const command = service.command ?? [];
  const args = service.args ?? [];
  const argv = [...command, ...args];
  const env = envMap(service.env ?? []);
  const repository = service.image.replace(/@.*$/, "").replace(/:[^/:]*$/, "");
  const program = (command[0] ?? "").split("/").pop();
  const read = (names: readonly string[], envName?: string): string | undefined => flagValue(argv, names) ?? (envName ? env.get(envName) : undefined);
  const number = (flag: string, text: string | undefined, parse: (text: string) => number = Number): number | undefined => {
    if (text === undefined) return undefined;
    const value = parse(text);
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`service ${service.name}: ${flag} "${text}" is not a whole number`);
    return value;
  };

  if (repository.endsWith("vllm/vllm-openai") || program === "vllm" || argv.includes("vllm.entrypoints.openai.api_server")) {
    const serve = argv.indexOf("serve");
    const positional = serve >= 0 ? argv[serve + 1] : command.length === 0 ? args[0] : undefined;
    const model = positional !== undefined && !positional.startsWith("-") ? positional : flagValue(argv, ["--model"]);
    if (model === undefined) return undefined;
    return {
      containerPort: number("--port", read(["--port"])) ?? VLLM_PORT,
      options: {
        flavor: "vllm",
        model,
        servedModelName: read(["--served-model-name"]) ?? model,
        apiKey: read(["--api-key"], "VLLM_API_KEY"),
        contextLength: number("--max-model-len", read(["--max-model-len"]), humanReadableInt),
        maxConcurrentRequests: number("--max-num-seqs", read(["--max-num-seqs"])),
      },
    };
  }

  if (/^ghcr\.io\/(ggml-org|ggerganov)\/llama\.cpp$/.test(repository) || program === "llama-server") {
    const model = read(["-hf", "-hfr", "--hf-repo"], "LLAMA_ARG_HF_REPO") ?? read(["-m", "--model"], "LLAMA_ARG_MODEL");
    if (model === undefined) return undefined;
    const contextSize = number("--ctx-size", read(["-c", "--ctx-size"], "LLAMA_ARG_CTX_SIZE")) || LLAMA_CPP_CONTEXT;
    const slots = number("--parallel", read(["-np", "--parallel"], "LLAMA_ARG_N_PARALLEL"));
    // With one slot (the default), llama-server switches to 4 slots sharing one unified KV cache. With
    // --parallel N and no --kv-unified, the context is split: each request gets ctx-size / N tokens.
    const kvUnified = argv.includes("-kvu") || argv.includes("--kv-unified") || isTrue(env.get("LLAMA_ARG_KV_UNIFIED"));
    const automatic = (slots ?? 1) === 1 && !kvUnified;
    const slotCount = automatic ? LLAMA_CPP_AUTO_SLOTS : (slots ?? 1);
    const unified = automatic || kvUnified;
    return {
      containerPort: number("--port", read(["--port"], "LLAMA_ARG_PORT")) ?? LLAMA_CPP_PORT,
      options: {
        flavor: "llama-cpp",
        model,
        servedModelName: read(["-a", "--alias"], "LLAMA_ARG_ALIAS") ?? model,
        apiKey: read(["--api-key"], "LLAMA_API_KEY"),
        contextLength: unified ? contextSize : Math.floor(contextSize / slotCount),
        maxConcurrentRequests: slotCount,
      },
    };
  }
  return undefined;
}

/** The value after the last occurrence of any of `names`. */
function flagValue(argv: readonly string[], names: readonly string[]): string | undefined {
  let value: string | undefined;
  for (const [i, token] of argv.entries()) {
    for (const name of names) {
      if (token === name) value = argv[i + 1];
      else if (token.startsWith(`${name}=`)) value = token.slice(name.length + 1);
    }
  }
  return value;
}

function envMap(entries: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const entry of entries) {
    const at = entry.indexOf("=");
    if (at > 0) map.set(entry.slice(0, at), entry.slice(at + 1));
  }
  return map;
}

function isTrue(value: string | undefined): boolean {
  return value !== undefined && ["1", "true", "on", "enabled"].includes(value.toLowerCase());
}

/** vLLM's human_readable_int: "32768", "32k" (×1000), "32K" (×1024), likewise m/M and g/G. */
function humanReadableInt(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([kmgKMG]?)$/.exec(text);
  if (!match) return Number.NaN;
  const [, digits = "", unit = ""] = match;
  const power = " kmg".indexOf(unit.toLowerCase());
  return Math.round(Number(digits) * (unit === unit.toLowerCase() ? 1000 : 1024) ** Math.max(power, 0));
}
