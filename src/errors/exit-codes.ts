/** Exit codes of the CLI: stable, documented in the README, for CI scripts to branch on. */
export const ExitCode = {
  Ok: 0,
  /** The input was wrong: bad flags, invalid configuration, an SDL that does not validate. */
  Failure: 1,
  /** Some of the work was done and some failed (e.g. teardown closed some deployments, not all). */
  Partial: 2,
  /** A bug: an error the tool did not expect. */
  Internal: 70,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
