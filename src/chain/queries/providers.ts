/**
 * Providers (akash.provider.v1beta4) with the auditors that signed their attributes (akash.audit.v1). The
 * attributes are what the provider declares about itself; `auditors` says who vouched for them.
 */
import type { Provider } from "@akashnetwork/chain-sdk/private-types/akash.v1beta4";
import type { QuerySdk } from "../query-sdk.js";
import type { ProviderInfo } from "../types.js";
import { allPages, type PageOptions } from "./pages.js";
import { isNotFound, queryFailed, runQuery } from "./query-errors.js";

/** The provider, or undefined when no provider is registered at this address. */
export async function getProvider(sdk: QuerySdk, owner: string): Promise<ProviderInfo | undefined> {
  let provider: Provider | undefined;
  try {
    provider = (await sdk.akash.provider.v1beta4.getProvider({ owner })).provider;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw queryFailed(sdk, `provider ${owner}`, error);
  }
  if (!provider) return undefined;
  return toProviderInfo(provider, await auditorsOf(sdk, owner));
}

/** Every registered provider, all pages, with auditors from one paged audit listing (not a query per provider). */
export async function listProviders(sdk: QuerySdk, options: PageOptions = {}): Promise<ProviderInfo[]> {
  const providers = await allPages("providers", options, async (pagination) => {
    const response = await runQuery(sdk, "providers", () => sdk.akash.provider.v1beta4.getProviders({ pagination }));
    return { items: response.providers, nextKey: response.pagination?.nextKey };
  });
  const audits = await allPages("audited provider attributes", options, async (pagination) => {
    const response = await runQuery(sdk, "audited provider attributes", () => sdk.akash.audit.v1.getAllProvidersAttributes({ pagination }));
    return { items: response.providers, nextKey: response.pagination?.nextKey };
  });
  const auditors = new Map<string, Set<string>>();
  for (const audit of audits) auditors.set(audit.owner, (auditors.get(audit.owner) ?? new Set()).add(audit.auditor));
  return providers.map((p) => toProviderInfo(p, [...(auditors.get(p.owner) ?? [])]));
}

/** Mainnet answers NotFound for a provider no auditor has signed: that is "no auditors", not an error. */
async function auditorsOf(sdk: QuerySdk, owner: string): Promise<string[]> {
  try {
    const { providers } = await sdk.akash.audit.v1.getProviderAttributes({ owner });
    return [...new Set(providers.map((a) => a.auditor))];
  } catch (error) {
    if (isNotFound(error)) return [];
    throw queryFailed(sdk, `auditors of provider ${owner}`, error);
  }
}

function toProviderInfo(provider: Provider, auditors: string[]): ProviderInfo {
  const attributes = Object.fromEntries(provider.attributes.map((a) => [a.key, a.value]));
  return {
    owner: provider.owner,
    hostUri: provider.hostUri,
    attributes,
    auditors: auditors.sort(),
    // Providers name their region `region` (console's convention) or, in older setups, `location-region`.
    region: attributes.region ?? attributes["location-region"],
  };
}
