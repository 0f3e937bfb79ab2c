/** `akash-gpu sdl render`: typed parameters in, SDL out. */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { Secret } from "../../config/secret.js";
import { formatUsd, usdNumber } from "../../costs/format.js";
import { InvalidInputError } from "../../errors/invalid-input.js";
import { parseRenderParams } from "../../sdl/render-params.js";
import { renderSdl, RUNTIME_SPECS } from "../../sdl/render.js";
import { configFromFlags } from "../common.js";
import { Output } from "../io.js";
import type { CommandContext } from "../main.js";

type RenderOptions = Record<string, unknown> & { output?: string; json?: boolean; showSecrets?: boolean };

/** Variables the renderer reads secrets from (never flags: flags end up in shell history and `ps`). */
const API_KEY_ENV = "AKASH_INFERENCE_API_KEY";
const HF_TOKEN_ENVS = ["HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"];
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{8,256}$/;

export async function renderCommand(options: RenderOptions, globals: Record<string, unknown>, { io }: CommandContext): Promise<void> {
  const output = new Output(io, { json: options.json, showSecrets: options.showSecrets });
  const config = configFromFlags(globals, io);
  const params = parseRenderParams({ ...options, gpus: options.gpu }, readSecrets(io.env, output));
  const rendered = renderSdl(params, { blockTimeMs: config.blockTimeMs, actUsd: config.actUsd });
  output.guard(rendered.apiKey.reveal(), params.hfToken?.reveal());

  if (options.output) {
    const path = resolve(io.cwd, options.output);
    writeFileSync(path, rendered.yaml, { mode: 0o600 });
  }
  if (options.json) {
    output.json(
      {
        ...(options.output ? { file: resolve(io.cwd, options.output) } : { sdl: rendered.yaml }),
        runtime: params.runtime,
        model: params.model,
        pricePerBlock: rendered.pricePerBlock,
        usdPerHour: usdNumber(rendered.usdPerHour),
        blockTimeMs: config.blockTimeMs,
        sizing: rendered.sizing
          ? { neededGiB: rendered.sizing.neededGiB, weightsGiB: rendered.sizing.weightsGiB, paramsB: rendered.model!.paramsB, precision: rendered.model!.precision, source: rendered.model!.source }
          : null,
        ...(options.showSecrets ? { apiKey: rendered.apiKey.reveal() } : {}),
        notes: rendered.notes,
      },
      true,
    );
  } else if (!options.output) {
    output.out(rendered.yaml, true);
  }
  for (const note of rendered.notes) output.note(`note: ${note}`);
  const gpus = `${params.gpuCount} x ${params.gpus.map((g) => g.model).join("/")}`;
  output.note(`${options.output ? `wrote ${options.output}: ` : ""}${params.runtime} ${params.model} on ${gpus}; ceiling ${rendered.pricePerBlock.amount} uact/block ≈ ${formatUsd(rendered.usdPerHour)}/h at ${config.blockTimeMs / 1000}s blocks`);
  if (options.showSecrets) output.noteSecret(`api key: ${rendered.apiKey.reveal()}`);
  else if (!output.secretsOnStdout || options.output) output.note(`the inference API key is in the SDL's environment (${RUNTIME_SPECS[params.runtime].apiKeyEnv}); --show-secrets prints it`);
}

export function readSecrets(env: NodeJS.ProcessEnv, output: Output): { apiKey?: Secret; hfToken?: Secret } {
  const secrets: { apiKey?: Secret; hfToken?: Secret } = {};
  const apiKey = env[API_KEY_ENV];
  if (apiKey) {
    if (!TOKEN_PATTERN.test(apiKey)) {
      throw new InvalidInputError("Invalid inference API key", [{ field: API_KEY_ENV, found: "a value that does not have that form (not shown: it is secret)", expected: "8 to 256 characters of letters, digits, - and _" }]);
    }
    secrets.apiKey = new Secret(apiKey);
  }
  const hfEnv = HF_TOKEN_ENVS.find((name) => env[name]);
  if (hfEnv) {
    const token = env[hfEnv]!;
    if (!TOKEN_PATTERN.test(token)) {
      throw new InvalidInputError("Invalid Hugging Face token", [{ field: hfEnv, found: "a value that does not have that form (not shown: it is secret)", expected: "a token of letters, digits, - and _ (hf_…)" }]);
    }
    secrets.hfToken = new Secret(token);
  }
  output.guard(apiKey, hfEnv ? env[hfEnv] : undefined);
  return secrets;
}
