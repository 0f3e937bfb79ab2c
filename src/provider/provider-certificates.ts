/**
 * The provider's TLS certificates as the chain knows them (akash.cert.v1): a provider serves its gateway with a
 * self-signed certificate it published on chain, and the chain is the only place a tenant can learn which one
 * is genuine. Only certificates in state `valid` count; a revoked one must no longer be trusted.
 */
import type { createChainNodeSDK } from "@akashnetwork/chain-sdk";
import { Cert_State } from "@akashnetwork/chain-sdk/private-types/akash.v1";

export type ChainSdk = ReturnType<typeof createChainNodeSDK>;

/** Page size; a provider usually has one or two valid certificates, but may have accumulated more. */
const PAGE_LIMIT = 100;

/** PEMs (`-----BEGIN CERTIFICATE-----`) of every valid certificate `providerOwner` has on chain, all pages. */
export async function providerCertificates(sdk: ChainSdk, providerOwner: string): Promise<string[]> {
  const pems: string[] = [];
  let key: Uint8Array = new Uint8Array();
  for (;;) {
    const page = await sdk.akash.cert.v1.getCertificates({ filter: { owner: providerOwner, state: "valid", serial: "" }, pagination: { key, limit: PAGE_LIMIT } });
    for (const entry of page.certificates) {
      // The filter already asks for valid ones; checking again costs nothing and keeps a lax node from widening trust.
      if (entry.certificate?.state !== Cert_State.valid) continue;
      pems.push(new TextDecoder().decode(entry.certificate.cert));
    }
    const next = page.pagination?.nextKey;
    if (next === undefined || next.length === 0) return pems;
    key = next;
  }
}
