/** The CLI's exit codes (contract section 5). */
export const ExitCode = {
  /** No problems. */
  clean: 0,
  /** The check found problems. */
  violations: 1,
  /** Bad usage or configuration: unknown flag, missing or broken tsconfig, invalid field-dependency configuration. */
  usageOrConfiguration: 2,
} as const;

/** One of {@link ExitCode}'s values. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
