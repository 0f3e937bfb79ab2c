/** Exit codes of the CLI: stable, documented in the README, for CI scripts to branch on. */
export const ExitCode = {
  Ok: 0,
  /** The input was wrong: bad flags, invalid configuration, an SDL that does not validate. */
  Failure: 1,
  /** A bug: an error the tool did not expect. */
  Internal: 70,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
