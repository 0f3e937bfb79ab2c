/** A devnet lease to point the provider client at: deployed and leased through chain-sdk, as the engine does. */
import { expect } from "vitest";
import { Secret } from "../../src/config/secret.js";
import type { Devnet } from "../../src/devnet/start-devnet.js";
import type { ProviderFaults } from "../../src/devnet/provider/faults.js";
import { FIXED_API_KEY } from "../sdl/helpers.js";
import type { chainSdk } from "../devnet/clients.js";
import { deployAndLease, renderOrder } from "../devnet/devnet-harness.js";
import { JWT_PATTERN } from "./fake-provider.js";

export type Client = ReturnType<typeof chainSdk>;

export async function leaseOnDevnet(devnet: Devnet, client: Client, blockTimeMs: number) {
  const order = await renderOrder(blockTimeMs);
  const { dseq, lease } = await deployAndLease(client.sdk, devnet.address, order);
  const provider = lease.id!.provider;
  const admin = devnet.providerFaults.find((p) => p.owner === provider)!;
  return {
    order,
    dseq,
    lease: { dseq, gseq: lease.id!.gseq, oseq: lease.id!.oseq },
    provider,
    providerName: admin.name,
    faults: admin.gateway as ProviderFaults,
    mnemonic: new Secret(devnet.mnemonic),
  };
}

export function clearFaults(devnet: Devnet): void {
  for (const { gateway } of devnet.providerFaults) {
    Object.assign(gateway, { down: false, manifestErrors: 0, manifestAlways500: false, impostorCertificate: false });
  }
}

/** The rejection of `promise` (fails the test if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error, "expected a rejection").toBeInstanceOf(Error);
  return error as Error;
}

/** No token, mnemonic or inference API key anywhere in an error's text or its causes. */
export function expectNoSecrets(error: Error, mnemonic: string): void {
  const texts: string[] = [];
  for (let current: unknown = error; current instanceof Error; current = current.cause) texts.push(current.message, current.stack ?? "");
  const text = texts.join("\n");
  expect(text).not.toMatch(JWT_PATTERN);
  expect(text).not.toContain(FIXED_API_KEY);
  const words = mnemonic.split(" ");
  for (let i = 0; i + 2 < words.length; i += 1) expect(text).not.toContain(words.slice(i, i + 3).join(" "));
}
