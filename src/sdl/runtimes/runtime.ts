import type { Runtime } from "../choices.js";
import type { RenderParams } from "../render-params.js";

/** What differs between inference servers: template, port, command line, environment and default sizes. */
export type RuntimeSpec = {
  runtime: Runtime;
  /** File in sdl-templates/, and the service/profile name inside it. */
  template: string;
  service: string;
  port: number;
  /** Precision the weights are loaded at, for the sizing check. */
  precision(params: RenderParams): string | undefined;
  /** Share of GPU memory the server may fill. */
  usableFraction(params: RenderParams): number;
  args(params: RenderParams, servedModelName: string): string[];
  /** Variable names for the inference API key; HF_TOKEN is common to both servers. */
  apiKeyEnv: string;
  defaults(gpuCount: number, weightsGiB: number): { cpu: number; memoryGiB: number; storageGiB: number; modelCacheGiB: number; shmGiB: number };
};

export const roundUp = (value: number, step: number): number => Math.ceil(value / step) * step;
