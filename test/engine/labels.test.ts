import { describe, expect, it } from "vitest";
import { decodeGroupName, encodeGroupName, matchesLabels, parseLabels } from "../../src/engine/labels.js";
import { placeGroups } from "../../src/engine/place-groups.js";
import jsYaml from "js-yaml";

describe("labels on chain", () => {
  it("round-trip through a group name, keys sorted", () => {
    const labels = parseLabels(["team=ml", "env=ci"], "12345");
    const name = encodeGroupName("akash", labels);
    expect(name).toBe("akash/env=ci/run=12345/team=ml");
    expect(decodeGroupName(name)).toEqual({ base: "akash", labels: { env: "ci", run: "12345", team: "ml" } });
    expect(decodeGroupName("westcoast")).toEqual({ base: "westcoast", labels: {} });
    expect(matchesLabels(labels, { team: "ml" })).toBe(true);
    expect(matchesLabels(labels, { team: "web" })).toBe(false);
  });

  it("names the flag and the fix for bad labels", () => {
    expect(() => parseLabels(["Team=ml"])).toThrow(/--label[\s\S]*Team=ml[\s\S]*key=value/);
    expect(() => parseLabels(["team"])).toThrow(/--label/);
    expect(() => parseLabels(["team=a/b"])).toThrow(/--label/);
    expect(() => parseLabels(["team=a", "team=b"])).toThrow(/given twice/);
    expect(() => parseLabels([], "run 1")).toThrow(/--run-id/);
  });

  it("replicas become one group per replica, each carrying the labels", () => {
    const sdl = ["version: '2.0'", "profiles:", "  placement:", "    akash:", "      pricing: {web: {denom: uact, amount: 100}}", "deployment:", "  web:", "    akash: {profile: web, count: 1}", ""].join("\n");
    const placed = jsYaml.load(placeGroups(sdl, { replicas: 2, labels: { team: "ml" } })) as { profiles: { placement: Record<string, unknown> }; deployment: { web: Record<string, unknown> } };
    expect(Object.keys(placed.profiles.placement)).toEqual(["akash-1/team=ml", "akash-2/team=ml"]);
    expect(Object.keys(placed.deployment.web)).toEqual(["akash-1/team=ml", "akash-2/team=ml"]);
    expect(placeGroups(sdl, { replicas: 1, labels: {} })).toBe(sdl);
  });
});
