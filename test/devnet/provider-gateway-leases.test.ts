/**
 * The simulated provider gateway's running leases: log and kube-event streams over WebSockets, the manifest
 * deadline, and stopping the workloads of leases closed on chain.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { LeaseId } from "../../src/devnet/provider/chain-view.js";
import { DSEQ, LEASE_PATH, openLease, PROVIDER, ProviderEnv, WAIT } from "./provider-test-helpers.js";

describe("provider gateway", () => {
  let env: ProviderEnv;

  beforeEach(async () => {
    env = await ProviderEnv.create({ manifestTimeoutMs: 60_000 });
  });

  afterEach(async () => {
    await env.gateway.close();
  });

  it("streams logs and kube events over WebSockets", async () => {
    const token = await env.jwt.generateToken({ version: "v1", iss: env.owner });
    // Upgrades are authorised like any request; a lease without a manifest closes the stream with 4001.
    expect(await (await env.openStream(`${LEASE_PATH}/logs`)).ended).toEqual({ httpStatus: 401 });
    expect(await (await env.openStream(`${LEASE_PATH}/logs`, token)).ended).toEqual({ closeCode: 4001 });
    await env.call("PUT", `/deployment/${DSEQ}/manifest`, { token, body: env.manifest.body });

    const history = await env.openStream(`${LEASE_PATH}/logs?tail=1`, token);
    expect(await history.ended).toEqual({ closeCode: 1000 });
    expect(history.frames).toHaveLength(2);

    const logs = await env.streamFrames(`${LEASE_PATH}/logs?follow=true&tail=10&service=vllm`, token, (frames) => frames.length >= 2);
    env.workloads.started[0]?.log("INFO: model loaded");
    await vi.waitFor(() => expect(logs.frames).toContainEqual({ name: expect.stringMatching(/^vllm-/), message: "INFO: model loaded" }), WAIT);
    expect(logs.frames[0]).toEqual({ name: expect.stringMatching(/^vllm-[a-z0-9]{10}-[a-z0-9]{5}$/), message: expect.stringContaining("serving vllm/vllm-openai") });
    logs.ws.close();

    const events = await env.streamFrames(`${LEASE_PATH}/kubeevents?follow=true`, token, (frames) => frames.length >= 10);
    const reasonsByPod = new Map<string, string[]>();
    for (const event of events.frames as { reason: string; object: { name: string } }[]) {
      reasonsByPod.set(event.object.name, [...(reasonsByPod.get(event.object.name) ?? []), event.reason]);
    }
    expect([...reasonsByPod.values()]).toEqual([0, 1].map(() => ["Scheduled", "Pulling", "Pulled", "Created", "Started"]));
    expect(events.frames[0]).toMatchObject({ type: "Normal", reportingController: "default-scheduler", object: { kind: "Pod", namespace: expect.stringMatching(/^[0-9a-v]{45}$/) } });
    events.ws.close();
  });

  it("closes a lease that got no manifest in time, and stops workloads of leases closed on chain", async () => {
    const { chain } = env;
    await env.gateway.close();
    chain.leases = [];
    await env.startGateway(200);
    // The gateway learns of this lease from the upload itself, and disarms its deadline in the same step.
    chain.leases = [openLease(env.lease())];
    const token = await env.jwt.generateToken({ version: "v1", iss: env.owner });
    expect((await env.call("PUT", `/deployment/${DSEQ}/manifest`, { token, body: env.manifest.body })).status).toBe(200);
    const late: LeaseId = { ...env.lease(), dseq: DSEQ + 1n };
    chain.leases.push(openLease(late));
    env.gateway.sync();

    await vi.waitFor(() => expect(chain.closed).toEqual([{ id: late, reason: "manifest_timeout" }]), WAIT);
    expect(chain.openLeases(PROVIDER).map((open) => open.id)).toEqual([env.lease()]);

    // The tenant's lease ends on chain (e.g. insufficient funds): at the next block the provider stops its pods.
    chain.leases = [];
    env.gateway.sync();
    await vi.waitFor(() => expect(env.workloads.started.every((w) => w.stopped)).toBe(true), WAIT);
    expect((await env.call("GET", `${LEASE_PATH}/status`, { token })).status).toBe(404);
  });
});
