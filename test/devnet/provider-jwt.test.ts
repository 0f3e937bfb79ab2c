/**
 * JWT verification and authorisation of the simulated provider, against tokens made by chain-sdk's real
 * JwtTokenManager and, for claims chain-sdk refuses to produce, tokens signed by hand the same way.
 */
import { randomBytes } from "node:crypto";
import { JwtTokenManager } from "@akashnetwork/chain-sdk";
import { encodeSecp256k1Pubkey, makeSignDoc, pubkeyToAddress, Secp256k1HdWallet, serializeSignDoc } from "@cosmjs/amino";
import { Secp256k1, sha256 } from "@cosmjs/crypto";
import { toBech32 } from "@cosmjs/encoding";
import { beforeAll, describe, expect, it } from "vitest";
import { authorizeDeployment, authorizeForProvider, authorizeLease, type Claims } from "../../src/devnet/provider/access.js";
import { verifyJwt } from "../../src/devnet/provider/jwt.js";
import { ReplyError } from "../../src/devnet/provider/replies.js";

const PROVIDER = "akash1365yvmc4s7awdyj3n2sav7xfx76adc6dnmlx63";
const SECP256K1_ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

interface TestKey {
  address: string;
  pubkey: Uint8Array;
  privkey: Uint8Array;
}

async function makeKey(): Promise<TestKey> {
  const privkey = new Uint8Array(randomBytes(32));
  const pubkey = Secp256k1.compressPubkey((await Secp256k1.makeKeypair(privkey)).pubkey);
  return { address: pubkeyToAddress(encodeSecp256k1Pubkey(pubkey), "akash"), pubkey, privkey };
}

const b64url = (data: string | Uint8Array): string => Buffer.from(data).toString("base64url");

/** Signs like chain-sdk's JwtTokenManager would, for payloads its schema check would refuse. */
async function handMadeToken(key: TestKey, payload: object, alg: "ES256KADR36" | "ES256K" = "ES256KADR36"): Promise<string> {
  const signingString = `${b64url(JSON.stringify({ alg, typ: "JWT" }))}.${b64url(JSON.stringify(payload))}`;
  const signed =
    alg === "ES256K"
      ? new TextEncoder().encode(signingString)
      : serializeSignDoc(
          makeSignDoc([{ type: "sign/MsgSignData", value: { signer: key.address, data: Buffer.from(signingString).toString("base64") } }], { gas: "0", amount: [] }, "", "", 0, 0),
        );
  const signature = await Secp256k1.createSignature(sha256(signed), key.privkey);
  return `${signingString}.${b64url(new Uint8Array([...signature.r(32), ...signature.s(32)]))}`;
}

/** The HTTP status and message verifyJwt answers with. */
async function rejection(promise: Promise<unknown>): Promise<{ status: number; message: unknown }> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ReplyError) || error.reply.kind !== "json") throw new Error(`expected an auth error reply, got ${String(error)}`);
  return { status: error.reply.status, message: (error.reply.body as { message: unknown }).message };
}

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

describe("JWT verification", () => {
  let wallet: Secp256k1HdWallet;
  let owner: { address: string; pubkey: Uint8Array };
  let key: TestKey;
  const pubKeys = new Map<string, Uint8Array>();
  const lookup = (address: string): Uint8Array | undefined => pubKeys.get(address);

  beforeAll(async () => {
    wallet = await Secp256k1HdWallet.generate(12, { prefix: "akash" });
    const [account] = await wallet.getAccounts();
    if (account === undefined) throw new Error("wallet has no account");
    owner = account;
    key = await makeKey();
    pubKeys.set(owner.address, owner.pubkey);
    pubKeys.set(key.address, key.pubkey);
  });

  it("accepts chain-sdk's ES256KADR36 token signed by the on-chain account key", async () => {
    const token = await new JwtTokenManager(wallet).generateToken({ version: "v1", iss: owner.address });
    await expect(verifyJwt(token, lookup, Date.now())).resolves.toEqual({ issuer: owner.address, leases: { access: "full" } });
  });

  it("accepts an ES256K token (signature over the signing string itself)", async () => {
    const signer = {
      algorithm: "ES256K" as const,
      signArbitrary: async (_address: string, data: string | Uint8Array) => {
        const signature = await Secp256k1.createSignature(sha256(typeof data === "string" ? new TextEncoder().encode(data) : data), key.privkey);
        const bytes = new Uint8Array([...signature.r(32), ...signature.s(32)]);
        return { pub_key: encodeSecp256k1Pubkey(key.pubkey), signature: Buffer.from(bytes).toString("base64") };
      },
    };
    const token = await new JwtTokenManager(signer).generateToken({ version: "v1", iss: key.address });
    await expect(verifyJwt(token, lookup, Date.now())).resolves.toMatchObject({ issuer: key.address });
  });

  it("401s a tampered payload, a foreign signature, an unknown issuer, a high-S signature and a foreign alg", async () => {
    const jwt = new JwtTokenManager(wallet);
    const token = await jwt.generateToken({ version: "v1", iss: owner.address });
    const [header, payload, signature] = token.split(".") as [string, string, string];

    const widened = b64url(JSON.stringify({ ...JSON.parse(Buffer.from(payload, "base64url").toString()), exp: nowSeconds() + 999_999 }));
    const foreign = await handMadeToken(key, JSON.parse(Buffer.from(payload, "base64url").toString()) as object);
    const sig = Buffer.from(signature, "base64url");
    const highS = SECP256K1_ORDER - BigInt(`0x${sig.subarray(32).toString("hex")}`);
    const highSToken = `${header}.${payload}.${b64url(new Uint8Array([...sig.subarray(0, 32), ...Buffer.from(highS.toString(16).padStart(64, "0"), "hex")]))}`;
    const stranger = await Secp256k1HdWallet.generate(12, { prefix: "akash" });
    const [strangerAccount] = await stranger.getAccounts();
    const unknownIssuer = await new JwtTokenManager(stranger).generateToken({ version: "v1", iss: strangerAccount?.address ?? "" });
    const hs256 = `${b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }))}.${payload}.${signature}`;

    for (const bad of [`${header}.${widened}.${signature}`, `${header}.${payload}.${foreign.split(".")[2]}`, highSToken, unknownIssuer, hs256, "a.b", ""]) {
      expect(await rejection(verifyJwt(bad, lookup, Date.now()))).toEqual({ status: 401, message: "JWT is invalid" });
    }
  });

  it("400s expired and not-yet-valid tokens (golang-jwt reports them as invalid claims)", async () => {
    const token = await new JwtTokenManager(wallet).generateToken({ version: "v1", iss: owner.address, exp: nowSeconds() + 60 });
    const invalidClaims = { status: 400, message: "JWT has invalid claims" };
    expect(await rejection(verifyJwt(token, lookup, (nowSeconds() + 60) * 1000))).toEqual(invalidClaims);
    expect(await rejection(verifyJwt(token, lookup, (nowSeconds() - 60) * 1000))).toEqual(invalidClaims);
  });

  it("applies the provider's claim rules", async () => {
    const now = nowSeconds();
    const base = { iss: key.address, iat: now, nbf: now, exp: now + 600, version: "v1" };
    const deployment = { dseq: 7, scope: ["logs"], services: ["web"] };
    const invalid: object[] = [
      { ...base, iat: undefined, leases: { access: "full" } },
      { ...base, version: "v2", leases: { access: "full" } },
      { ...base, leases: {} },
      { ...base, leases: { access: "full", scope: ["logs"] } },
      { ...base, leases: { access: "scoped", scope: ["logs"], permissions: [] } },
      { ...base, leases: { access: "scoped", scope: ["logs", "logs"] } },
      { ...base, leases: { access: "scoped", scope: ["root"] } },
      { ...base, leases: { access: "granular", permissions: [] } },
      { ...base, leases: { access: "granular", permissions: [{ provider: PROVIDER, access: "full" }, { provider: PROVIDER, access: "full" }] } },
      { ...base, leases: { access: "granular", permissions: [{ provider: PROVIDER, access: "granular", deployments: [{ ...deployment, services: [] }] }] } },
      { ...base, leases: { access: "granular", permissions: [{ provider: PROVIDER, access: "granular", deployments: [{ ...deployment, oseq: 1 }] }] } },
      { ...base, leases: { access: "granular", permissions: [{ provider: PROVIDER, access: "granular", deployments: [{ ...deployment, dseq: 0 }] }] } },
    ];
    for (const payload of invalid) {
      expect(await rejection(verifyJwt(await handMadeToken(key, payload), lookup, Date.now()))).toEqual({ status: 400, message: "JWT has invalid claims" });
    }

    // A permission naming something that is not an address does not even decode: a malformed token.
    const undecodable = { ...base, leases: { access: "granular", permissions: [{ provider: "cosmos1xyz", access: "full" }] } };
    expect(await rejection(verifyJwt(await handMadeToken(key, undecodable), lookup, Date.now()))).toEqual({ status: 401, message: "JWT is invalid" });

    // Go accepts "attestation", which chain-sdk's TS schema does not.
    const attestation = await handMadeToken(key, { ...base, leases: { access: "scoped", scope: ["attestation"] } });
    await expect(verifyJwt(attestation, lookup, Date.now())).resolves.toMatchObject({ leases: { access: "scoped", scope: ["attestation"] } });
  });
});

describe("route authorisation", () => {
  const owner = toBech32("akash", new Uint8Array(20).fill(1));
  const other = toBech32("akash", new Uint8Array(20).fill(2));
  const lease = { owner, dseq: 7n, gseq: 1, oseq: 1, provider: PROVIDER };
  const granular = (deployments: { dseq: bigint; gseq: number; oseq: number }[]): Claims => ({
    issuer: owner,
    leases: { access: "granular", permissions: [{ provider: PROVIDER, access: "granular", deployments: deployments.map((d) => ({ ...d, scope: ["status"], services: ["web"] })) }] },
  });

  it("follows Claims.Authorize* for full, scoped and granular access", () => {
    expect(authorizeForProvider(undefined, PROVIDER)).toBe(false);
    expect(authorizeForProvider({ issuer: owner, leases: { access: "granular", permissions: [{ provider: other, access: "full" }] } }, PROVIDER)).toBe(false);

    const scoped: Claims = { issuer: owner, leases: { access: "scoped", scope: ["status"] } };
    expect(authorizeLease(scoped, lease, "status")).toBe(true);
    expect(authorizeDeployment(scoped, lease, PROVIDER, "send-manifest")).toBe(false);

    expect(authorizeLease(granular([{ dseq: 7n, gseq: 0, oseq: 0 }]), lease, "status")).toBe(true);
    expect(authorizeLease(granular([{ dseq: 7n, gseq: 1, oseq: 1 }]), lease, "status")).toBe(true);
    expect(authorizeLease(granular([{ dseq: 7n, gseq: 2, oseq: 0 }]), lease, "status")).toBe(false);
    expect(authorizeLease(granular([{ dseq: 7n, gseq: 0, oseq: 0 }]), lease, "logs")).toBe(false);
    expect(authorizeDeployment(granular([{ dseq: 8n, gseq: 0, oseq: 0 }]), lease, PROVIDER)).toBe(false);
  });
});
