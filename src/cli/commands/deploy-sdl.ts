/** The SDL a deploy sends: rendered from the typed flags, or read from --sdl; with the key the probes use. */
import { Secret } from "../../config/secret.js";
import type { PriceContext } from "../../costs/price.js";
import { InvalidInputError } from "../../errors/invalid-input.js";
import { parseRenderParams } from "../../sdl/render-params.js";
import { renderSdl } from "../../sdl/render.js";
import { readInputFile } from "../common.js";
import type { Io, Output } from "../io.js";
import { readSecrets } from "./sdl-render.js";

export type DeploySdl = { text: string; apiKey: Secret | undefined; model: string | undefined; notes: string[] };

const RENDER_ONLY = ["runtime", "gpu"] as const;
/** Environment variables inference servers take their API key from (vLLM, llama-server, common images). */
const KEY_ENV = /^\s*-\s*["']?(?:VLLM_API_KEY|LLAMA_API_KEY|LLAMA_ARG_API_KEY|API_KEY|OPENAI_API_KEY)=([^\s"']+)/m;

export function deploySdl(flags: Record<string, unknown>, io: Io, output: Output, price: PriceContext): DeploySdl {
  if (typeof flags.sdl === "string") {
    const extra = RENDER_ONLY.filter((key) => flags[key] !== undefined);
    if (extra.length > 0) {
      throw new InvalidInputError("--sdl and render flags were both given", [{ field: `--${extra[0]}`, found: "given with --sdl", expected: "either --sdl FILE, or --runtime, --model and --gpu to render one" }]);
    }
    const text = readInputFile(flags.sdl, io);
    const key = KEY_ENV.exec(text)?.[1];
    const apiKey = key ? new Secret(key) : io.env.AKASH_INFERENCE_API_KEY ? new Secret(io.env.AKASH_INFERENCE_API_KEY) : undefined;
    output.guard(apiKey?.reveal());
    return { text, apiKey, model: typeof flags.model === "string" ? flags.model : undefined, notes: [] };
  }
  if (flags.runtime === undefined || flags.model === undefined || flags.gpu === undefined) {
    const missing = (["runtime", "model", "gpu"] as const).filter((key) => flags[key] === undefined);
    throw new InvalidInputError("Nothing to deploy", missing.map((key) => ({ field: `--${key}`, found: "nothing", expected: "--runtime, --model and --gpu to render an SDL, or --sdl FILE" })));
  }
  const params = parseRenderParams({ ...flags, gpus: flags.gpu }, readSecrets(io.env, output));
  const rendered = renderSdl(params, price);
  output.guard(rendered.apiKey.reveal(), params.hfToken?.reveal());
  return { text: rendered.yaml, apiKey: rendered.apiKey, model: params.servedModelName ?? params.model, notes: rendered.notes };
}
