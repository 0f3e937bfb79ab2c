/** The simulated provider gateway's switchable faults: going down, failing manifest uploads, sick workloads. */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DSEQ, LEASE_PATH, openLease, ProviderEnv, WAIT } from "./provider-test-helpers.js";

describe("provider gateway faults", () => {
  let env: ProviderEnv;
  let token: string;

  beforeEach(async () => {
    env = await ProviderEnv.create();
    token = await env.jwt.generateToken({ version: "v1", iss: env.owner });
  });

  afterEach(async () => {
    await env.gateway.close();
  });

  const putManifest = () => env.call("PUT", `/deployment/${DSEQ}/manifest`, { token, body: env.manifest.body });
  const leaseStatus = async () => (await env.call("GET", `${LEASE_PATH}/status`, { token })).json() as { services: { vllm: { available: number } } };

  it("goes down (connection refused) and comes back on the same hostUri", async () => {
    env.faults.down = true;
    await vi.waitFor(() => expect(env.call("GET", "/status")).rejects.toMatchObject({ code: "ECONNREFUSED" }), WAIT);
    env.faults.down = false;
    await vi.waitFor(async () => expect((await env.call("GET", "/status")).status).toBe(200), WAIT);
  });

  it("answers the next N manifest uploads with 500", async () => {
    env.faults.manifestErrors = 2;
    const statuses = [];
    for (let attempt = 0; attempt < 3; attempt += 1) statuses.push((await putManifest()).status);
    expect(statuses).toEqual([500, 500, 200]);
  });

  it("starts workloads that never become ready, or that die", async () => {
    const { chain, faults, workloads } = env;
    faults.workloadNeverReady = true;
    expect((await putManifest()).status).toBe(200);
    expect(workloads.started.every((w) => w.request.neverReady)).toBe(true);
    expect((await leaseStatus()).services.vllm.available).toBe(0);

    chain.leases = [];
    env.gateway.sync();
    chain.leases = [openLease(env.lease())];
    faults.workloadNeverReady = false;
    faults.workloadDiesAfterMs = 100;
    expect((await putManifest()).status).toBe(200);
    await vi.waitFor(async () => expect((await leaseStatus()).services.vllm.available).toBe(0), WAIT);
    const events = await env.streamFrames(`${LEASE_PATH}/kubeevents`, token, (frames) => frames.some((f) => (f as { reason: string }).reason === "BackOff"));
    expect(events.frames).toContainEqual(expect.objectContaining({ type: "Warning", reason: "Unhealthy" }));
    events.ws.close();
  });
});
