/** Helpers shared by command implementations. */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { loadConfig, type Config } from "../config/load.js";
import { SETTINGS } from "../config/settings.js";
import { AkashGpuError } from "../errors/base.js";
import type { Io } from "./io.js";

/** The configuration from the global flags, the environment, the config file and the preset. */
export function configFromFlags(globals: Record<string, unknown>, io: Io): Config {
  const flags: Record<string, unknown> = { config: globals.config };
  for (const setting of SETTINGS) if (setting.flag && globals[setting.key] !== undefined) flags[setting.key] = globals[setting.key];
  return loadConfig({ flags, env: io.env, cwd: io.cwd });
}

/** Reads a file argument; "-" is standard input. */
export function readInputFile(file: string, io: Io): string {
  try {
    return readFileSync(file === "-" ? 0 : resolve(io.cwd, file), "utf8");
  } catch (error) {
    throw new AkashGpuError(`Cannot read ${file === "-" ? "standard input" : file}`, {
      metaMessages: ["expected: a readable SDL file (YAML), or '-' for standard input"],
      cause: error,
    });
  }
}
