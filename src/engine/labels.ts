/**
 * Labels travel on chain inside each group's name (GroupSpec.name, the SDL placement name), so a fresh machine
 * with only the wallet can find a run's deployments: `<base>/<key>=<value>/<key>=<value>`, keys sorted.
 * Keys and values are restricted so the name parses back unambiguously.
 */
import { InvalidInputError, type InputProblem } from "../errors/invalid-input.js";

export type Labels = Record<string, string>;

/** The label that carries a CI run id (`--run-id`, or $GITHUB_RUN_ID). */
export const RUN_ID_LABEL = "run";

const KEY = /^[a-z][a-z0-9_-]{0,31}$/;
const VALUE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

/** Parses repeated `--label key=value` flags (and a run id) into labels; bad ones are named with the fix. */
export function parseLabels(pairs: readonly string[], runId?: string): Labels {
  const labels: Labels = {};
  const problems: InputProblem[] = [];
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    const key = at > 0 ? pair.slice(0, at) : pair;
    const value = at > 0 ? pair.slice(at + 1) : "";
    if (!KEY.test(key) || !VALUE.test(value)) {
      problems.push({ field: "--label", found: pair, expected: "key=value: a key of a-z, 0-9, _ and - (starting with a letter), a value of letters, digits and . _ : - (up to 64)" });
    } else if (labels[key] !== undefined && labels[key] !== value) {
      problems.push({ field: "--label", found: `${key} given twice (${labels[key]}, ${value})`, expected: "each key once" });
    } else labels[key] = value;
  }
  if (runId !== undefined) {
    if (!VALUE.test(runId)) problems.push({ field: "--run-id", found: runId, expected: "letters, digits and . _ : - (up to 64), e.g. the CI run number" });
    else if (labels[RUN_ID_LABEL] !== undefined && labels[RUN_ID_LABEL] !== runId) problems.push({ field: "--run-id", found: `${runId} and --label run=${labels[RUN_ID_LABEL]}`, expected: "one run id" });
    else labels[RUN_ID_LABEL] = runId;
  }
  if (problems.length > 0) throw new InvalidInputError("Invalid labels", problems);
  return labels;
}

export function encodeGroupName(base: string, labels: Labels): string {
  const entries = Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return [base, ...entries.map(([key, value]) => `${key}=${value}`)].join("/");
}

/** The labels in a group name; names not written by akash-gpu have none. */
export function decodeGroupName(name: string): { base: string; labels: Labels } {
  const [base = "", ...parts] = name.split("/");
  const labels: Labels = {};
  for (const part of parts) {
    const at = part.indexOf("=");
    if (at > 0 && KEY.test(part.slice(0, at)) && VALUE.test(part.slice(at + 1))) labels[part.slice(0, at)] = part.slice(at + 1);
  }
  return { base, labels };
}

/** Whether a deployment's labels (the union over its groups) include every wanted one. */
export function matchesLabels(have: Labels, wanted: Labels): boolean {
  return Object.entries(wanted).every(([key, value]) => have[key] === value);
}
