import { AkashGpuError } from "./base.js";
import { ExitCode } from "./exit-codes.js";

export type InputProblem = {
  /** The flag, variable, YAML path or parameter at fault: "--gpu", "AKASH_GAS_PRICE", "profiles.placement.akash.pricing.vllm.denom". */
  field: string;
  /** What was found; secrets are described, never shown. */
  found: string;
  /** The expected form, or what to do instead. */
  expected: string;
};

/** Input the user gave (flags, variables, files) is wrong. Names every field at fault and the fix. */
export class InvalidInputError extends AkashGpuError {
  override name = "InvalidInputError";
  readonly problems: InputProblem[];

  constructor(subject: string, problems: InputProblem[]) {
    const first = problems[0]!;
    super(problems.length === 1 ? `${subject}: ${first.field}` : `${subject}: ${problems.length} problems`, {
      metaMessages: problems.flatMap((p) => [`${p.field}: found ${p.found}`, `  expected: ${p.expected}`]),
      exitCode: ExitCode.Failure,
    });
    this.problems = problems;
  }
}
