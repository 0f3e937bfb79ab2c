/** provider v1beta4 and audit v1: providers with their host URI and attributes, and auditors' signatures on them. */
import { emit, type Ctx, type ReadCtx } from "../context.js";
import { providerErrors } from "../akash-errors.js";

export type Attribute = { key: string; value: string };
export type ProviderRecord = { owner: string; hostUri: string; attributes: Attribute[]; info: { email: string; website: string } };
export type AuditRecord = { owner: string; auditor: string; attributes: Attribute[] };

export const getProvider = (ctx: ReadCtx, owner: string) => ctx.store.get<ProviderRecord>(`provider/${owner}`);
export const allProviders = (ctx: ReadCtx) => ctx.store.values<ProviderRecord>("provider/");
export const auditsOf = (ctx: ReadCtx, owner: string) => ctx.store.values<AuditRecord>(`audit/${owner}/`);
export const allAudits = (ctx: ReadCtx) => ctx.store.values<AuditRecord>("audit/");

export function createProvider(ctx: Ctx, provider: ProviderRecord): void {
  if (getProvider(ctx, provider.owner)) throw providerErrors.exists(`id: ${provider.owner}`);
  ctx.store.set(`provider/${provider.owner}`, provider);
  emit(ctx, "akash.provider.v1.EventProviderCreated", { owner: provider.owner });
}

export function updateProvider(ctx: Ctx, provider: ProviderRecord): void {
  if (!getProvider(ctx, provider.owner)) throw providerErrors.notFound(`id: ${provider.owner}`);
  ctx.store.set(`provider/${provider.owner}`, provider);
  emit(ctx, "akash.provider.v1.EventProviderUpdated", { owner: provider.owner });
}

export function signProviderAttributes(ctx: Ctx, record: AuditRecord): void {
  if (!getProvider(ctx, record.owner)) throw providerErrors.notFound();
  ctx.store.set(`audit/${record.owner}/${record.auditor}`, record);
  emit(ctx, "akash.audit.v1.EventTrustedAuditorCreated", { owner: record.owner, auditor: record.auditor });
}
