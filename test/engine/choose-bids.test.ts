import { describe, expect, it } from "vitest";
import type { Bid, ProviderInfo } from "../../src/chain/types.js";
import { Dec } from "../../src/costs/decimal.js";
import { chooseBids, parseStrategy } from "../../src/engine/choose-bids.js";
import { AKASH_AUDITOR } from "../../src/sdl/render-params.js";

const owner = "akash1owner";
const bid = (provider: string, price: string, gseq = 1, createdAt = 10): Bid => ({
  id: { owner, dseq: 5n, gseq, oseq: 1, provider, bseq: 1 },
  state: "open",
  price: { denom: "uact", amount: Dec.parse(price) },
  createdAt,
});
const info = (owner: string, region: string, audited: boolean, name: string): ProviderInfo => ({
  owner,
  hostUri: `https://${name}.example.com:8443`,
  attributes: { organization: name, region },
  auditors: audited ? [AKASH_AUDITOR] : [],
  region,
});
const providers = new Map([
  ["akash1a", info("akash1a", "us-west", false, "alpha")],
  ["akash1b", info("akash1b", "us-east", true, "bravo")],
  ["akash1c", info("akash1c", "eu-west", true, "charlie")],
]);
const bids = [bid("akash1a", "100"), bid("akash1b", "150"), bid("akash1c", "120")];

describe("bid choice", () => {
  it("cheapest takes the lowest price; ties go to the earlier bid", () => {
    expect(chooseBids({ gseqs: [1], bids, providers, strategy: { kind: "cheapest" }, filters: {} }).chosen.get(1)?.id.provider).toBe("akash1a");
    const tie = [bid("akash1b", "100", 1, 12), bid("akash1c", "100", 1, 11)];
    expect(chooseBids({ gseqs: [1], bids: tie, providers, strategy: { kind: "cheapest" }, filters: {} }).chosen.get(1)?.id.provider).toBe("akash1c");
  });

  it("cheapest-audited skips providers without the auditor's signature", () => {
    const choice = chooseBids({ gseqs: [1], bids, providers, strategy: parseStrategy("cheapest-audited")!, filters: {} });
    expect(choice.chosen.get(1)?.id.provider).toBe("akash1c");
    expect(choice.rejected).toEqual([{ bid: bids[0], reason: "provider is not audited" }]);
  });

  it("prefer takes the named providers first, in order, by name, host or address", () => {
    expect(chooseBids({ gseqs: [1], bids, providers, strategy: parseStrategy("prefer=bravo,charlie")!, filters: {} }).chosen.get(1)?.id.provider).toBe("akash1b");
    expect(chooseBids({ gseqs: [1], bids, providers, strategy: parseStrategy("prefer=charlie.example.com")!, filters: {} }).chosen.get(1)?.id.provider).toBe("akash1c");
    expect(chooseBids({ gseqs: [1], bids, providers, strategy: parseStrategy("prefer=nobody")!, filters: {} }).chosen.get(1)?.id.provider).toBe("akash1a");
  });

  it("filters by price, region, allow and deny lists, with the reason", () => {
    const choice = chooseBids({ gseqs: [1], bids, providers, strategy: { kind: "cheapest" }, filters: { maxPricePerBlock: Dec.parse("130"), regions: ["us-west", "eu-west"], deny: ["alpha"] } });
    expect(choice.chosen.get(1)?.id.provider).toBe("akash1c");
    expect(choice.rejected.map((r) => r.reason).sort()).toEqual(["price 150 uact/block is above the maximum 130", "provider is on the deny list"]);
    const allowed = chooseBids({ gseqs: [1], bids, providers, strategy: { kind: "cheapest" }, filters: { allow: ["akash1b"] } });
    expect(allowed.chosen.get(1)?.id.provider).toBe("akash1b");
  });

  it("places replicas on distinct providers, the most constrained order first", () => {
    const replicas = [bid("akash1a", "100", 1), bid("akash1b", "150", 1), bid("akash1a", "100", 2)];
    const choice = chooseBids({ gseqs: [1, 2], bids: replicas, providers, strategy: { kind: "cheapest" }, filters: {} });
    expect(choice.chosen.get(2)?.id.provider).toBe("akash1a");
    expect(choice.chosen.get(1)?.id.provider).toBe("akash1b");
    const short = chooseBids({ gseqs: [1, 2], bids: [bid("akash1a", "100", 1), bid("akash1a", "100", 2)], providers, strategy: { kind: "cheapest" }, filters: {} });
    expect(short.chosen.size).toBe(1);
  });

  it("refuses malformed strategies", () => {
    expect(parseStrategy("fastest")).toBeUndefined();
    expect(parseStrategy("prefer=")).toBeUndefined();
  });
});
