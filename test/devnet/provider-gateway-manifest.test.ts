/**
 * The simulated provider gateway's public routes, manifest uploads and tenant authentication (chain-sdk JWTs and
 * client certificates from chain-sdk's certificateManager), over TLS pinned to the provider's on-chain certificate.
 */
import { request as httpRequest } from "node:http";
import { certificateManager, JwtTokenManager } from "@akashnetwork/chain-sdk";
import { Secp256k1HdWallet } from "@cosmjs/amino";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DSEQ, LEASE_PATH, manifestFor, OTHER_PROVIDER, PROVIDER, ProviderEnv, SDL, type Response } from "./provider-test-helpers.js";

function httpGet(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    httpRequest({ host: "127.0.0.1", port, path }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    })
      .on("error", reject)
      .end();
  });
}

describe("provider gateway", () => {
  let env: ProviderEnv;

  beforeEach(async () => {
    env = await ProviderEnv.create({ manifestTimeoutMs: 60_000 });
  });

  afterEach(async () => {
    vi.useRealTimers();
    await env.gateway.close();
  });

  it("serves the public routes over TLS with the certificate registered on chain", async () => {
    expect((await env.call("GET", "/address")).json()).toEqual({ address: PROVIDER });
    expect((await env.call("GET", "/version")).json()).toMatchObject({ akash: { name: "provider-services" }, kube: { gitVersion: expect.any(String) } });
    expect((await env.call("GET", "/status")).json()).toMatchObject({
      cluster: { leases: 0, inventory: { available: { nodes: [expect.objectContaining({ cpu: expect.any(Number) })] } } },
      bidengine: { orders: 0 },
      manifest: { deployments: 1 },
      address: PROVIDER,
    });
    expect((await env.call("GET", "/nope")).status).toBe(404);

    // The pin is what makes this connection trustworthy: without the on-chain certificate the client refuses.
    env.chain.certificates.clear();
    await expect(env.call("GET", "/status")).rejects.toThrow("not the one on chain");
  });

  it("accepts a manifest with a chain-sdk JWT, runs one workload per replica and reports them", async () => {
    const { jwt, owner, manifest, workloads } = env;
    const token = await jwt.generateToken({ version: "v1", iss: owner });
    expect((await env.call("GET", `${LEASE_PATH}/status`, { token })).status).toBe(404);

    const put = await env.call("PUT", `/deployment/${DSEQ}/manifest`, { token, body: manifest.body });
    expect(put).toMatchObject({ status: 200, body: "" });
    expect(workloads.started.map((w) => w.request.service.name)).toEqual(["vllm", "vllm"]);

    const status = (await env.call("GET", `${LEASE_PATH}/status`, { token })).json();
    const ports = workloads.started.map((w) => w.port);
    expect(status).toEqual({
      services: {
        vllm: { name: "vllm", available: 2, total: 2, uris: null, observed_generation: 1, replicas: 2, updated_replicas: 2, ready_replicas: 2, available_replicas: 2 },
      },
      forwarded_ports: { vllm: expect.arrayContaining(ports.map((externalPort) => ({ host: "127.0.0.1", port: 8000, externalPort, proto: "TCP", name: "vllm" }))) },
      ips: null,
    });
    expect((status as { forwarded_ports: { vllm: unknown[] } }).forwarded_ports.vllm).toHaveLength(2);
    expect(await httpGet(ports[0] ?? 0, "/health")).toBe(200);
    expect((await env.call("GET", `${LEASE_PATH}/service/vllm/status`, { token })).json()).toMatchObject({ name: "vllm", available: 2 });
    expect((await env.call("GET", "/status")).json()).toMatchObject({ cluster: { leases: 1, inventory: { active: [{ cpu: 2000 }] } } });

    // Re-sending the same manifest changes nothing.
    expect((await env.call("PUT", `/deployment/${DSEQ}/manifest`, { token, body: manifest.body })).status).toBe(200);
    expect(workloads.started).toHaveLength(2);
  });

  it("answers auth failures the way provider-services does", async () => {
    const { jwt, owner, chain } = env;
    const put = (token?: string, headers?: Record<string, string>) => env.call("PUT", `/deployment/${DSEQ}/manifest`, { token, headers, body: env.manifest.body });
    const jsonError = (r: Response) => ({ status: r.status, body: r.json() });

    expect(jsonError(await put())).toEqual({ status: 401, body: { message: "unauthorized access" } });
    expect(jsonError(await put(undefined, { Authorization: "Token abc" }))).toEqual({ status: 400, body: { message: "invalid authorization header" } });

    // Scoped to this provider and this deployment: fine. Scoped to another provider: not authorised here.
    const mine = await jwt.generateToken({
      version: "v1",
      iss: owner,
      leases: { access: "granular", permissions: [{ provider: PROVIDER, access: "granular", deployments: [{ dseq: Number(DSEQ), scope: ["send-manifest"], services: ["vllm"] }] }] },
    });
    expect((await put(mine)).status).toBe(200);
    const elsewhere = await jwt.generateToken({ version: "v1", iss: owner, leases: { access: "granular", permissions: [{ provider: OTHER_PROVIDER, access: "full" }] } });
    expect(jsonError(await put(elsewhere))).toEqual({ status: 401, body: { message: "unauthorized access" } });
    const statusOnly = await jwt.generateToken({ version: "v1", iss: owner, leases: { access: "scoped", scope: ["status"] } });
    expect(jsonError(await put(statusOnly))).toEqual({ status: 401, body: { message: "unauthorized access" } });

    // Signed by another account: the signature does not match the issuer's on-chain key.
    const stranger = await Secp256k1HdWallet.generate(12, { prefix: "akash" });
    const [strangerAccount] = await stranger.getAccounts();
    chain.pubKeys.set(strangerAccount?.address ?? "", strangerAccount?.pubkey ?? new Uint8Array());
    const strangerToken = await new JwtTokenManager(stranger).generateToken({ version: "v1", iss: strangerAccount?.address ?? "" });
    const [header, payload] = (await jwt.generateToken({ version: "v1", iss: owner })).split(".");
    const forged = `${header}.${payload}.${strangerToken.split(".")[2]}`;
    expect(jsonError(await put(forged))).toEqual({ status: 401, body: { message: "JWT is invalid" } });

    // Expired: 400, because golang-jwt reports expiry as invalid claims.
    const shortLived = await jwt.generateToken({ version: "v1", iss: owner, exp: Math.floor(Date.now() / 1000) + 60 });
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 3_600_000);
    expect(jsonError(await put(shortLived))).toEqual({ status: 400, body: { message: "JWT has invalid claims" } });
  });

  it("refuses manifests without a lease (404) or with another hash (422)", async () => {
    const token = await env.jwt.generateToken({ version: "v1", iss: env.owner });
    const noLease = await env.call("PUT", `/deployment/${DSEQ + 1n}/manifest`, { token, body: env.manifest.body });
    expect(noLease).toMatchObject({ status: 404, body: "no lease for deployment\n" });

    const other = await manifestFor(SDL.replace("count: 2", "count: 1"));
    const wrongHash = await env.call("PUT", `/deployment/${DSEQ}/manifest`, { token, body: other.body });
    expect(wrongHash).toMatchObject({ status: 422, body: "manifest version validation failed\n" });
    expect((await env.call("PUT", `/deployment/${DSEQ}/manifest`, { token, body: "{" })).status).toBe(422);
    expect(env.workloads.started).toHaveLength(0);
  });

  it("authenticates an on-chain client certificate and refuses an unregistered one", async () => {
    const { owner } = env;
    const registered = await certificateManager.generatePEM(owner);
    env.chain.registerCertificate(owner, registered);
    const clientCert = { cert: registered.cert, key: registered.privateKey };
    expect((await env.call("PUT", `/deployment/${DSEQ}/manifest`, { clientCert, body: env.manifest.body })).status).toBe(200);
    expect((await env.call("GET", `${LEASE_PATH}/status`, { clientCert })).json()).toMatchObject({ services: { vllm: { total: 2 } } });

    const token = await env.jwt.generateToken({ version: "v1", iss: owner });
    const both = await env.call("GET", `${LEASE_PATH}/status`, { clientCert, token });
    expect({ status: both.status, body: both.json() }).toEqual({ status: 400, body: { message: "auth: ambiguous authentication. may not use mTLS and JWT at the same time" } });

    const unregistered = await certificateManager.generatePEM(owner);
    await expect(env.call("GET", "/status", { clientCert: { cert: unregistered.cert, key: unregistered.privateKey } })).rejects.toThrow();
  });
});
