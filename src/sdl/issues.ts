/** A problem found in an SDL: where (YAML path and line), what, and how to fix it. */
export type SdlIssue = {
  /** Dotted YAML path, e.g. "profiles.placement.akash.pricing.vllm.denom"; "(document)" for the whole file. */
  path: string;
  /** 1-based line in the file, when known. */
  line?: number;
  message: string;
  fix: string;
};

export const issue = (path: (string | number)[] | string, message: string, fix: string): SdlIssue => ({
  path: typeof path === "string" ? path : path.join(".") || "(document)",
  message,
  fix,
});
