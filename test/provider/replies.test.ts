/** Reading what providers send: lease status JSON, stream frames, and quoting replies without secrets. */
import { describe, expect, it } from "vitest";
import { parseLeaseStatus } from "../../src/provider/lease-status.js";
import { backoff } from "../../src/provider/manifest-upload.js";
import { excerpt, manifestSecrets } from "../../src/provider/redact.js";
import { serviceOfPod, toLeaseEvent, toLogLine } from "../../src/provider/streams.js";

describe("parseLeaseStatus", () => {
  it("normalises a provider-services LeaseStatus (snake_case, nulls) to this tool's shape", () => {
    const reply = {
      services: {
        vllm: { name: "vllm", available: 1, total: 2, uris: null, observed_generation: 1, replicas: 2, updated_replicas: 2, ready_replicas: 1, available_replicas: 1 },
        web: { name: "web", available: 1, total: 1, uris: ["abc.ingress.example.com"], observed_generation: 1, replicas: 1, updated_replicas: 1, ready_replicas: 1, available_replicas: 1 },
      },
      forwarded_ports: { vllm: [{ host: "provider.example.com", port: 8000, externalPort: 31234, proto: "TCP", name: "vllm" }], web: null },
      ips: null,
    };
    expect(parseLeaseStatus(reply)).toEqual({
      ok: true,
      status: {
        services: {
          vllm: { name: "vllm", available: 1, total: 2, ready: 1, uris: [] },
          web: { name: "web", available: 1, total: 1, ready: 1, uris: ["abc.ingress.example.com"] },
        },
        forwardedPorts: { vllm: [{ host: "provider.example.com", port: 8000, externalPort: 31234, proto: "TCP" }], web: [] },
      },
    });
  });

  it("accepts older providers without replica details and a null forwarded_ports, and refuses other shapes", () => {
    expect(parseLeaseStatus({ services: { a: { name: "", available: 0, total: 1, uris: null } }, forwarded_ports: null })).toEqual({
      ok: true,
      status: { services: { a: { name: "a", available: 0, total: 1, ready: 0, uris: [] } }, forwardedPorts: {} },
    });
    expect(parseLeaseStatus({ services: { a: { available: "1", total: 1 } } }).ok).toBe(false);
    expect(parseLeaseStatus([]).ok).toBe(false);
  });
});

describe("stream frames", () => {
  it("maps log frames to their service and pod", () => {
    expect(toLogLine({ name: "vllm-bcdfghjklm-x2z4q", message: "INFO: ready" })).toEqual({ service: "vllm", pod: "vllm-bcdfghjklm-x2z4q", message: "INFO: ready" });
    expect(toLogLine({ name: 1 })).toBeUndefined();
    expect(serviceOfPod("llama-cpp-7d9f8b6c4-abcde")).toBe("llama-cpp");
    expect(serviceOfPod("db-0")).toBe("db");
    expect(serviceOfPod("plain")).toBe("plain");
  });

  it("maps Kubernetes event frames", () => {
    const frame = { type: "Normal", reportingController: "kubelet", reportingInstance: "node1", reason: "Pulled", note: "done", object: { kind: "Pod", namespace: "ns", name: "vllm-bcdfghjklm-x2z4q" } };
    expect(toLeaseEvent(frame)).toEqual({ ...frame, service: "vllm" });
    expect(toLeaseEvent({ type: "Normal" })).toBeUndefined();
  });
});

describe("excerpt", () => {
  it("shortens, collapses whitespace and redacts JWTs and the manifest's environment values", () => {
    const manifest = JSON.stringify([{ name: "g", services: [{ name: "vllm", env: ["VLLM_API_KEY=sk-live-abcdef123456", 'HF_TOKEN=hf_"quoted"_token'] }] }]);
    const secrets = manifestSecrets(manifest);
    const body = `bad input near "VLLM_API_KEY=sk-live-abcdef123456" and HF_TOKEN=hf_\\"quoted\\"_token; token eyJhbGciOiJ.eyJpc3MiOi.c2ln\n\n${"x".repeat(500)}`;
    const text = excerpt(body, secrets);
    expect(text).not.toContain("sk-live-abcdef123456");
    expect(text).not.toContain("quoted");
    expect(text).not.toContain("eyJ");
    expect(text).toContain("VLLM_API_KEY=<redacted>");
    expect(text.length).toBeLessThanOrEqual(201);
    expect(manifestSecrets("not json")).toEqual([]);
  });
});

describe("backoff", () => {
  it("grows from about 250 ms, doubles, is capped at 10 s, and is jittered", () => {
    for (let i = 0; i < 50; i += 1) {
      expect(backoff(1)).toBeGreaterThanOrEqual(125);
      expect(backoff(1)).toBeLessThanOrEqual(250);
      expect(backoff(3)).toBeGreaterThanOrEqual(500);
      expect(backoff(3)).toBeLessThanOrEqual(1000);
      expect(backoff(20)).toBeGreaterThanOrEqual(5000);
      expect(backoff(20)).toBeLessThanOrEqual(10_000);
    }
    expect(new Set(Array.from({ length: 20 }, () => backoff(6))).size).toBeGreaterThan(1);
  });
});
