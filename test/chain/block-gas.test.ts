/** The chain client reads the block gas limit from the node's consensus_params, and batching stays under it. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_MAX_GAS_PER_TX, gasLimitPerTx } from "../../src/chain/batching.js";
import type { ChainClient } from "../../src/chain/chain-client.js";
import { startDevnet, type Devnet } from "../../src/devnet/start-devnet.js";
import { clientFor } from "./helpers.js";

let devnet: Devnet;
let client: ChainClient;

beforeAll(async () => {
  devnet = await startDevnet({ blockTimeMs: 250 });
  ({ client } = await clientFor(devnet));
});

afterAll(async () => {
  await client?.disconnect();
  await devnet?.stop();
});

describe("the block gas limit", () => {
  it("comes from CometBFT's consensus_params (block.max_gas)", async () => {
    expect(await client.maxBlockGas()).toBe(devnet.chain.params.maxBlockGas);
    expect(devnet.chain.params.maxBlockGas).toBe(100_000_000n);
  });

  it("caps what a batch's transaction may use, whatever is asked", async () => {
    expect(await gasLimitPerTx(client, undefined)).toBe(DEFAULT_MAX_GAS_PER_TX);
    // A transaction may take at most a share of the block, so others still fit beside it.
    const capped = await gasLimitPerTx(client, 1_000_000_000n);
    expect(capped).toBeLessThan(100_000_000n);
    expect(capped).toBeGreaterThan(DEFAULT_MAX_GAS_PER_TX);
  });
});
