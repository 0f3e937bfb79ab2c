import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Dec } from "../../src/costs/decimal.js";
import { startDevnet, type Devnet } from "../../src/devnet/start-devnet.js";
import { analyzeSdl } from "../../src/sdl/analyze.js";
import { renderSdl } from "../../src/sdl/render.js";
import { FIXED_API_KEY, params } from "../sdl/helpers.js";
import { chainSdk, jwtFor, providerRequest } from "./clients.js";

const BLOCK_MS = 300;
let devnet: Devnet;
let client: ReturnType<typeof chainSdk>;

beforeAll(async () => {
  devnet = await startDevnet({ blockTimeMs: BLOCK_MS, workloadLoadDelayMs: 200 });
  client = chainSdk(devnet, devnet.mnemonic);
});

afterAll(async () => {
  await client?.signer.disconnect();
  await devnet?.stop();
});

const waitFor = async <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe("a deployment on the devnet through chain-sdk and cosmjs only", () => {
  it("deploys in uact, gets bids from several providers within two blocks, leases, sends the manifest with a JWT, and serves /v1/models", async () => {
    const { sdk } = client;
    const owner = devnet.address;
    const price = { blockTimeMs: BLOCK_MS, actUsd: Dec.parse("1") };
    const rendered = renderSdl(params({ runtime: "vllm", model: "Qwen/Qwen3-8B", gpus: ["h100"], maxUsdPerHour: "5" }), price);
    const analysis = await analyzeSdl(rendered.yaml, price);
    if (!analysis.valid) throw new Error("rendered SDL must be valid");

    const dseq = BigInt(devnet.chain.height);
    await sdk.akash.deployment.v1beta4.createDeployment({ id: { owner, dseq }, groups: analysis.groupSpecs, hash: Buffer.from(analysis.manifestVersion, "hex"), deposit: { amount: { denom: "uact", amount: "5000000" }, sources: [1] } });
    const { deployment } = await sdk.akash.deployment.v1beta4.getDeployment({ id: { owner, dseq } });
    const createdHeight = Number(deployment!.createdAt.toString());

    const bids = await waitFor("three bids", async () => {
      const { bids } = await sdk.akash.market.v1beta5.getBids({ filters: { owner, dseq, state: "open" } });
      return bids.length >= 3 ? bids : undefined;
    });
    const firstBidHeight = Math.min(...bids.map((b) => Number(b.bid!.createdAt.toString())));
    expect(firstBidHeight - createdHeight).toBeLessThanOrEqual(2);
    expect(bids.every((b) => b.bid!.price!.denom === "uact")).toBe(true);

    const best = bids.map((b) => b.bid!).sort((a, b) => Dec.parse(a.price!.amount).cmp(b.price!.amount))[0]!;
    await sdk.akash.market.v1beta5.createLease({ bidId: best.id! });
    const provider = best.id!.provider;
    const { provider: record } = await sdk.akash.provider.v1beta4.getProvider({ owner: provider });
    const { certificates } = await sdk.akash.cert.v1.getCertificates({ filter: { owner: provider, state: "valid", serial: "" } });
    const pinnedCertPem = new TextDecoder().decode(certificates[0]!.certificate!.cert);

    const token = await jwtFor(devnet.mnemonic, owner, provider, ["send-manifest", "status"]);
    const put = await providerRequest(`${record!.hostUri}/deployment/${dseq}/manifest`, { method: "PUT", token, body: analysis.manifestJson, pinnedCertPem });
    expect(put.status).toBe(200);

    const lease = `${dseq}/${best.id!.gseq}/${best.id!.oseq}`;
    const status = await waitFor("the replica to be available", async () => {
      const reply = await providerRequest(`${record!.hostUri}/lease/${lease}/status`, { method: "GET", token, pinnedCertPem });
      const body = reply.status === 200 ? (JSON.parse(reply.body) as { services: Record<string, { available: number; total: number }>; forwarded_ports: Record<string, { host: string; externalPort: number }[]> }) : undefined;
      return body && body.services.vllm?.available === body.services.vllm?.total ? body : undefined;
    });
    const port = status.forwarded_ports.vllm![0]!;
    const url = `http://${port.host}:${port.externalPort}/v1/models`;
    expect((await fetch(url)).status).toBe(401);
    const models = await fetch(url, { headers: { authorization: `Bearer ${FIXED_API_KEY}` } });
    expect(models.status).toBe(200);
    expect(((await models.json()) as { data: { id: string }[] }).data[0]!.id).toBe("Qwen/Qwen3-8B");

    await sdk.akash.deployment.v1beta4.closeDeployment({ id: { owner, dseq } });
    const { deployment: closed } = await sdk.akash.deployment.v1beta4.getDeployment({ id: { owner, dseq } });
    expect(closed!.state).toBe(2);
  });

  it("refuses a manifest whose hash differs from the deployment's, and a JWT for another provider", async () => {
    const { sdk } = client;
    const owner = devnet.address;
    const price = { blockTimeMs: BLOCK_MS, actUsd: Dec.parse("1") };
    const analysis = await analyzeSdl(renderSdl(params({ runtime: "llama-cpp", model: "Qwen/Qwen3-8B-GGUF", gpus: ["rtx4090"], maxUsdPerHour: "2" }), price).yaml, price);
    if (!analysis.valid) throw new Error("rendered SDL must be valid");
    const dseq = BigInt(devnet.chain.height) + 1_000_000n;
    await sdk.akash.deployment.v1beta4.createDeployment({ id: { owner, dseq }, groups: analysis.groupSpecs, hash: Buffer.from(analysis.manifestVersion, "hex"), deposit: { amount: { denom: "uact", amount: "5000000" }, sources: [1] } });
    const bid = await waitFor("a bid", async () => (await sdk.akash.market.v1beta5.getBids({ filters: { owner, dseq, state: "open" } })).bids[0]?.bid);
    await sdk.akash.market.v1beta5.createLease({ bidId: bid.id! });
    const provider = bid.id!.provider;
    const { provider: record } = await sdk.akash.provider.v1beta4.getProvider({ owner: provider });
    const { certificates } = await sdk.akash.cert.v1.getCertificates({ filter: { owner: provider, state: "valid", serial: "" } });
    const pinnedCertPem = new TextDecoder().decode(certificates[0]!.certificate!.cert);

    const other = devnet.providers.find((p) => p.owner !== provider)!.owner;
    const wrongProvider = await providerRequest(`${record!.hostUri}/deployment/${dseq}/manifest`, { method: "PUT", token: await jwtFor(devnet.mnemonic, owner, other, ["send-manifest"]), body: analysis.manifestJson, pinnedCertPem });
    expect(wrongProvider.status).toBe(401);
    const tampered = analysis.manifestJson.replace('"count":1', '"count":2');
    const wrongHash = await providerRequest(`${record!.hostUri}/deployment/${dseq}/manifest`, { method: "PUT", token: await jwtFor(devnet.mnemonic, owner, provider, ["send-manifest"]), body: tampered, pinnedCertPem });
    expect(wrongHash.status).toBe(422);
    expect(wrongHash.body).toContain("manifest version validation failed");
    await sdk.akash.deployment.v1beta4.closeDeployment({ id: { owner, dseq } });
  });
});
