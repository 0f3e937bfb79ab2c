/** Provider JWTs: scoped to one provider and one permission, short-lived, cached, renewed, never printed. */
import { inspect } from "node:util";
import { Secp256k1HdWallet } from "@cosmjs/amino";
import { toBech32 } from "@cosmjs/encoding";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { Secret } from "../../src/config/secret.js";
import { DEVNET_MNEMONIC } from "../../src/devnet/chain/genesis.js";
import { authorizeForProvider, authorizeLease } from "../../src/devnet/provider/access.js";
import { verifyJwt } from "../../src/devnet/provider/jwt.js";
import { InvalidInputError } from "../../src/errors/invalid-input.js";
import { ProviderJwt } from "../../src/provider/jwt.js";
import { jwtClaims } from "./fake-provider.js";

const PROVIDER = toBech32("akash", new Uint8Array(20).fill(7));
const OTHER_PROVIDER = toBech32("akash", new Uint8Array(20).fill(8));
const mnemonic = new Secret(DEVNET_MNEMONIC);
let owner: string;
let pubkey: Uint8Array;

beforeAll(async () => {
  const [account] = await (await Secp256k1HdWallet.fromMnemonic(DEVNET_MNEMONIC, { prefix: "akash" })).getAccounts();
  owner = account!.address;
  pubkey = account!.pubkey;
});

describe("ProviderJwt", () => {
  it("issues a token the provider accepts for this provider and scope only", async () => {
    const jwt = new ProviderJwt({ owner, provider: PROVIDER, mnemonic });
    const token = (await jwt.token("send-manifest")).reveal();
    // The provider's own rules (the devnet's port of provider-services' verification).
    const claims = await verifyJwt(token, (address) => (address === owner ? pubkey : undefined), Date.now());
    expect(claims.issuer).toBe(owner);
    expect(authorizeForProvider(claims, PROVIDER)).toBe(true);
    expect(authorizeForProvider(claims, OTHER_PROVIDER)).toBe(false);
    const lease = { owner, dseq: 5n, gseq: 1, oseq: 1, provider: PROVIDER };
    expect(authorizeLease(claims, lease, "send-manifest")).toBe(true);
    expect(authorizeLease(claims, lease, "status")).toBe(false);
    expect(authorizeLease(claims, lease, "shell")).toBe(false);
    const { exp, iat } = jwtClaims(token) as { exp: number; iat: number };
    expect(exp - iat).toBe(300);
  });

  it("reuses a token while it has more than a minute left, and renews it after", async () => {
    // Only the clock is faked: chain-sdk reads it too when it checks a token's times.
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const jwt = new ProviderJwt({ owner, provider: PROVIDER, mnemonic });
      const first = (await jwt.token("status")).reveal();
      expect((await jwt.token("status")).reveal()).toBe(first);
      expect((await jwt.token("logs")).reveal()).not.toBe(first);
      vi.setSystemTime(Date.now() + 230_000);
      expect((await jwt.token("status")).reveal()).toBe(first);
      vi.setSystemTime(Date.now() + 20_000);
      const renewed = (await jwt.token("status")).reveal();
      expect(renewed).not.toBe(first);
      expect((jwtClaims(renewed) as { exp: number }).exp).toBe(Math.floor(Date.now() / 1000) + 300);
    } finally {
      vi.useRealTimers();
    }
  });

  it("hands tokens out as Secrets that print redacted", async () => {
    const token = await new ProviderJwt({ owner, provider: PROVIDER, mnemonic }).token("events");
    expect(String(token)).toBe("<redacted>");
    expect(JSON.stringify({ token })).toBe('{"token":"<redacted>"}');
    expect(inspect(token)).toBe("<redacted>");
  });

  it("refuses a mnemonic that is not the owner's, without showing it", async () => {
    const jwt = new ProviderJwt({ owner: PROVIDER, provider: PROVIDER, mnemonic });
    const error = await jwt.token("status").then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toContain(owner);
    expect((error as Error).message).not.toContain(DEVNET_MNEMONIC.split(" ")[0]! + " " + DEVNET_MNEMONIC.split(" ")[1]!);
  });
});
