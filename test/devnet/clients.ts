/** What a user's script does against the devnet, with only chain-sdk and cosmjs: the product's own clients. */
import { request } from "node:https";
import type { TLSSocket } from "node:tls";
import { X509Certificate } from "node:crypto";
import { createChainNodeSDK, createStargateClient, JwtTokenManager } from "@akashnetwork/chain-sdk";
import { Secp256k1HdWallet } from "@cosmjs/amino";

export function chainSdk(endpoints: { rpc: string; grpc: string }, mnemonic: string) {
  const signer = createStargateClient({ baseUrl: endpoints.rpc, signerMnemonic: mnemonic, stargateOptions: { broadcastPollIntervalMs: 200 } });
  return { sdk: createChainNodeSDK({ query: { baseUrl: endpoints.grpc }, tx: { signer } }), signer };
}

export async function jwtFor(mnemonic: string, owner: string, provider: string, scope: string[]): Promise<string> {
  const wallet = await Secp256k1HdWallet.fromMnemonic(mnemonic, { prefix: "akash" });
  const now = Math.floor(Date.now() / 1000);
  return new JwtTokenManager(wallet).generateToken({
    version: "v1", iss: owner, iat: now, nbf: now, exp: now + 300,
    leases: { access: "granular", permissions: [{ provider, access: "scoped", scope }] },
  } as Parameters<JwtTokenManager["generateToken"]>[0]);
}

export type HttpsReply = { status: number; body: string; fingerprint256: string };

/** HTTPS to a provider whose certificate is self-signed: accepted only if it is the one on chain (pinned). */
export function providerRequest(url: string, options: { method: string; token?: string; body?: string; pinnedCertPem: string }): Promise<HttpsReply> {
  const expected = new X509Certificate(options.pinnedCertPem).fingerprint256;
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method, rejectUnauthorized: false, headers: { "content-type": "application/json", ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) } }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, fingerprint256: expected }));
    });
    req.on("socket", (socket) => {
      socket.on("secureConnect", () => {
        const presented = (socket as TLSSocket).getPeerX509Certificate()?.fingerprint256;
        if (presented !== expected) req.destroy(new Error(`provider certificate ${presented} is not the one on chain (${expected}): possible man-in-the-middle`));
      });
    });
    req.on("error", reject);
    req.end(options.body);
  });
}
