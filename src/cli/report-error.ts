import { AkashGpuError } from "../errors/base.js";
import { ExitCode } from "../errors/exit-codes.js";
import { InvalidInputError } from "../errors/invalid-input.js";
import type { Output } from "./io.js";

/** Prints an error the way the user asked (JSON on stdout with --json, else text on stderr); returns the exit code. */
export function reportError(error: unknown, output: Output): number {
  if (error instanceof AkashGpuError) {
    if (output.options.json) {
      output.json({
        error: {
          name: error.name,
          message: error.shortMessage,
          meta: error.metaMessages,
          ...(error.details ? { details: error.details } : {}),
          ...(error instanceof InvalidInputError ? { problems: error.problems } : {}),
          exitCode: error.exitCode,
        },
      });
    } else {
      output.note(`${output.paint("red", "Error:")} ${error.shortMessage}`);
      for (const line of error.metaMessages) output.note(`  ${line}`);
      if (error.details) output.note(`\n${output.paint("dim", `Details: ${error.details}`)}`);
    }
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (output.options.json) output.json({ error: { name: "InternalError", message, exitCode: ExitCode.Internal } });
  else {
    output.note(`${output.paint("red", "Internal error:")} ${message}`);
    output.note("This is a bug in akash-gpu. Set AKASH_GPU_DEBUG=1 for the stack trace and report it.");
    if (output.io.env.AKASH_GPU_DEBUG && error instanceof Error && error.stack) output.note(error.stack);
  }
  return ExitCode.Internal;
}
