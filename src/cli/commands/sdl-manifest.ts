/** `akash-gpu sdl manifest <file>`: the sorted manifest JSON a provider receives. */
import { ExitCode } from "../../errors/exit-codes.js";
import { analyzeSdl } from "../../sdl/analyze.js";
import { configFromFlags, readInputFile } from "../common.js";
import { Output } from "../io.js";
import type { CommandContext } from "../main.js";

/** Environment variables whose values are treated as secrets when shown on a terminal. */
const SECRET_ENV_NAME = /KEY|TOKEN|SECRET|PASSWORD|PASSWD|MNEMONIC|CREDENTIAL/i;

export async function manifestCommand(file: string, options: { showSecrets?: boolean }, globals: Record<string, unknown>, context: CommandContext): Promise<void> {
  const { io } = context;
  const output = new Output(io, { showSecrets: options.showSecrets });
  const config = configFromFlags(globals, io);
  const analysis = await analyzeSdl(readInputFile(file, io), { blockTimeMs: config.blockTimeMs, actUsd: config.actUsd });
  if (!analysis.valid) {
    context.setExitCode(ExitCode.Failure);
    output.note(`invalid SDL: ${file} (run akash-gpu sdl validate ${file} for the fixes)`);
    for (const problem of analysis.errors) output.note(`  ${problem.path}: ${problem.message}`);
    return;
  }
  const groups = JSON.parse(analysis.manifestJson) as { services?: { env?: string[] | null }[] }[];
  for (const service of groups.flatMap((group) => group.services ?? [])) {
    for (const entry of service.env ?? []) {
      const at = entry.indexOf("=");
      if (at > 0 && SECRET_ENV_NAME.test(entry.slice(0, at))) output.guard(entry.slice(at + 1));
    }
  }
  output.out(analysis.manifestJson, true);
}
