/** Reading a provider's certificates from chain: every page, valid ones only. */
import { describe, expect, it } from "vitest";
import { providerCertificates, type ChainSdk } from "../../src/provider/provider-certificates.js";

const pem = (n: number) => `-----BEGIN CERTIFICATE-----\ncert${n}\n-----END CERTIFICATE-----\n`;
const entry = (n: number, state: number) => ({ serial: String(n), certificate: { state, cert: new TextEncoder().encode(pem(n)), pubkey: new Uint8Array() } });

describe("providerCertificates", () => {
  it("follows the pagination keys to the last page and keeps only valid certificates", async () => {
    const requests: unknown[] = [];
    const pages = [
      { certificates: [entry(1, 1), entry(2, 2)], pagination: { nextKey: new TextEncoder().encode("2"), total: 0n } },
      { certificates: [entry(3, 1)], pagination: { nextKey: new Uint8Array(), total: 0n } },
    ];
    const sdk = {
      akash: {
        cert: {
          v1: {
            getCertificates: async (request: unknown) => {
              requests.push(request);
              return pages[requests.length - 1]!;
            },
          },
        },
      },
    } as unknown as ChainSdk;
    expect(await providerCertificates(sdk, "akash1provider")).toEqual([pem(1), pem(3)]);
    expect(requests).toEqual([
      { filter: { owner: "akash1provider", state: "valid", serial: "" }, pagination: { key: new Uint8Array(), limit: 100 } },
      { filter: { owner: "akash1provider", state: "valid", serial: "" }, pagination: { key: new TextEncoder().encode("2"), limit: 100 } },
    ]);
  });
});
