import { describe, expect, it } from "vitest";
import { DEVNET_MNEMONIC } from "../../src/devnet/chain/genesis.js";
import { leakedSecrets } from "../secret-rules.js";

const jwt = "eyJhbGciOiJFUzI1NktBRFIzNiJ9.eyJpc3MiOiJha2FzaDFhYmMifQ.c2lnbmF0dXJlLWJ5dGVzLWhlcmUtMTIzNDU2Nzg5MA";
const key = "sk-ag-SLIfzqW4b9w7QKzTkKv8tql4937QBkLN";

describe("the secret scan applied to every CLI run in the suite", () => {
  it("flags the mnemonic and JWTs anywhere, API keys unless asked for", () => {
    expect(leakedSecrets({ args: ["wallet", "balance"], stdout: `x ${DEVNET_MNEMONIC} y`, stderr: "" })).toEqual(["stdout: the mnemonic"]);
    expect(leakedSecrets({ args: ["deploy"], stdout: "", stderr: `Bearer ${jwt}` })).toEqual(["stderr: a JWT"]);
    expect(leakedSecrets({ args: ["deploy", "--json"], stdout: key, stderr: key })).toEqual(["stdout: an API key", "stderr: an API key"]);
    expect(leakedSecrets({ args: ["deploy", "--show-secrets"], stdout: key, stderr: "" })).toEqual([]);
    expect(leakedSecrets({ args: ["sdl", "render"], stdout: `VLLM_API_KEY=${key}`, stderr: key })).toEqual(["stderr: an API key"]);
    expect(leakedSecrets({ args: ["devnet", "start", "--json"], stdout: DEVNET_MNEMONIC, stderr: "" })).toEqual([]);
  });
});
