/**
 * Mainnet's nodes answer a failed simulation over ABCI with sdk 6 around the module's error text, the module's
 * codespace and code gone (cosmos-sdk wraps the simulate handler's gRPC status as an unknown request). The
 * logs here have that exact shape; the explanation must be the module error's, not "unknown message".
 */
import { describe, expect, it } from "vitest";
import { isMessageFailure } from "../../src/chain/batching.js";
import { embeddedErrorText, identifyByText, lookupExplanation } from "../../src/chain/error-catalog.js";
import { ChainTxError, isSequenceMismatch } from "../../src/chain/errors.js";

const ADDRESS = "akash1qqqsyqcyq5rqwzqfpg9scrgwpugpzysn8p9pdd";
/** A simulation failure as mainnet's nodes log it (sdk 6), around `inner`. */
const wrapped = (inner: string) => `rpc error: code = Unknown desc = ${inner} With gas wanted: '18446744073709551615' and gas used: '61348' : unknown request`;
const simulated = (inner: string) => new ChainTxError({ codespace: "sdk", code: 6, rawLog: wrapped(inner), phase: "simulate", address: ADDRESS });

describe("a failed simulation wrapped in sdk 6", () => {
  it("takes the module error's text out of the log, and only from that shape", () => {
    expect(embeddedErrorText("sdk", 6, wrapped("failed to execute message; message index: 0: price stalled"))).toBe("failed to execute message; message index: 0: price stalled");
    expect(embeddedErrorText("sdk", 6, "unknown query path: /akash.oracle.v1.Query/AggregatedPrice: unknown request")).toBeUndefined();
    expect(embeddedErrorText("bme", 3, wrapped("owner and to addresses must match: unauthorized"))).toBeUndefined();
  });

  it("a stale oracle price: minting is paused, try again later — not 'the node does not know this message'", () => {
    const error = simulated("failed to execute message; message index: 0: price stalled");
    expect(error).toMatchObject({ codespace: "sdk", code: 6, phase: "simulate", messageIndex: 0, embedded: { codespace: "oracle.v2", code: 4 } });
    expect(error.shortMessage).toBe("The transaction would fail: the oracle's AKT price is stale, so minting ACT is paused");
    expect(error.message).toContain("Try again later");
    expect(error.message).toContain("codespace sdk, code 6 around oracle.v2 4");
    expect(error.message).not.toMatch(/does not know this message/i);
    expect(error.details).toBe(wrapped("failed to execute message; message index: 0: price stalled"));
    expect(error.is("oracle.v2", 4)).toBe(true);
    expect(error.is("sdk", 6)).toBe(true);
  });

  it("bme unauthorized (owner ≠ to): the module's, though sdk has an 'unauthorized' of its own", () => {
    const error = simulated("owner and to addresses must match: unauthorized");
    expect(error.embedded).toEqual({ codespace: "bme", code: 3 });
    expect(error.shortMessage).toBe("The transaction would fail: ACT can only be minted to the wallet that burns the AKT (owner and to must be the same address)");
    // sdk's own unauthorized keeps sdk's explanation.
    expect(simulated("signature verification failed; please verify account number (7) and chain-id (akashnet-2): unauthorized").embedded).toEqual({ codespace: "sdk", code: 4 });
  });

  it("module errors: a closed deployment, a deposit the balance cannot cover (market 28, not deployment 20)", () => {
    const closed = simulated("failed to execute message; message index: 0: Deployment closed");
    expect(closed.embedded).toEqual({ codespace: "deployment", code: 5 });
    expect(closed.shortMessage).toBe("The transaction would fail: the deployment is already closed");
    expect(isMessageFailure(closed)).toBe(true);

    const deposit = simulated("failed to execute message; message index: 0: deposit invalid: insufficient balance");
    expect(deposit.embedded).toEqual({ codespace: "market", code: 28 });
    expect(deposit.message).toContain("akash-gpu wallet mint-act");
    expect(simulated("failed to execute message; message index: 0: deposit too low: Deposit invalid").embedded).toEqual({ codespace: "deployment", code: 20 });
  });

  it("sdk errors inside keep their advice: insufficient funds names the coin and the wallet; a sequence mismatch is a tx-level failure", () => {
    const funds = simulated("failed to execute message; message index: 0: spendable balance 100uakt is smaller than 8100251uakt: insufficient funds");
    expect(funds.embedded).toEqual({ codespace: "sdk", code: 5 });
    expect(funds.message).toContain(`send AKT to ${ADDRESS}`);

    const sequence = simulated("account sequence mismatch, expected 12, got 11: incorrect account sequence");
    expect(sequence.embedded).toEqual({ codespace: "sdk", code: 32 });
    expect(isSequenceMismatch(sequence)).toBe(true);
    expect(isMessageFailure(sequence)).toBe(false);
  });

  it("a text no entry knows: the node's own words, not a wrong explanation", () => {
    const error = simulated("failed to execute message; message index: 0: something new in v2.2");
    expect(error.embedded).toBeUndefined();
    expect(error.shortMessage).toBe("The transaction would fail: the chain answered with error sdk/6");
    expect(error.message).toContain("the node's own words");
  });

  it("a genuine unknown request (a query path or message the node lacks) still says so", () => {
    expect(lookupExplanation("sdk", 6, "unknown query path: /akash.oracle.v1.Query/AggregatedPrice: unknown request")?.explain).toBe("The node does not know this message or query");
    expect(identifyByText("unable to resolve type URL /akash.deployment.v1beta3.MsgCreateDeployment: tx parse error")?.codespace).toBe("sdk");
  });
});

describe("bme and oracle errors reported with their codespace", () => {
  it("oracle.v2 4 (price stalled) and bme 3 (owner ≠ to)", () => {
    const stalled = new ChainTxError({ codespace: "oracle.v2", code: 4, rawLog: "failed to execute message; message index: 0: price stalled", phase: "deliver", txHash: "AB" });
    expect(stalled.shortMessage).toBe("The transaction failed on chain: the oracle's AKT price is stale, so minting ACT is paused");
    expect(stalled.embedded).toBeUndefined();
    const unauthorized = new ChainTxError({ codespace: "bme", code: 3, rawLog: "owner and to addresses must match: unauthorized", phase: "check" });
    expect(unauthorized.shortMessage).toContain("ACT can only be minted to the wallet that burns the AKT");
  });
});
