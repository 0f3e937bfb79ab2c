/** After every test: nothing the CLI printed in it may hold a secret (rules in secret-rules.ts). */
import { afterEach, expect } from "vitest";
import { transcript } from "../scripts/run-cli.js";
import { leakedSecrets } from "./secret-rules.js";

afterEach(() => {
  for (const run of transcript.splice(0)) expect(leakedSecrets(run), `akash-gpu ${run.args.join(" ")}`).toEqual([]);
});
