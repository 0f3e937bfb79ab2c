/**
 * Who a caller is and what it may do, and the provider's rules for it — a port of chain-sdk `go/util/jwt/jwt.go`
 * (Claims, Leases, Permissions and the Authorize* methods) as the provider gateway uses them.
 *
 * The gateway builds every deployment and lease id from the caller's own address (the owner IS the issuer),
 * so "issuer = owner" holds by construction and is not re-checked here.
 */
import type { LeaseId } from "./chain-view.js";

/** Go's validScopes; includes "attestation", which chain-sdk TS refuses to put in a token but Go accepts. */
export const PERMISSION_SCOPES = [
  "send-manifest",
  "get-manifest",
  "logs",
  "shell",
  "events",
  "status",
  "restart",
  "hostname-migrate",
  "ip-migrate",
  "attestation",
] as const;
export type PermissionScope = (typeof PERMISSION_SCOPES)[number];

export interface DeploymentPermission {
  dseq: bigint;
  /** 0 = every group of the deployment. */
  gseq: number;
  /** 0 = every order of the group. */
  oseq: number;
  scope: PermissionScope[];
  services: string[];
}

export type ProviderPermission =
  | { provider: string; access: "full" }
  | { provider: string; access: "scoped"; scope: PermissionScope[] }
  | { provider: string; access: "granular"; deployments: DeploymentPermission[] };

export type LeasesAccess =
  | { access: "full" }
  | { access: "scoped"; scope: PermissionScope[] }
  | { access: "granular"; permissions: ProviderPermission[] };

/** An authenticated caller: from a verified JWT, or from a verified client certificate (always full access). */
export interface Claims {
  issuer: string;
  leases: LeasesAccess;
}

export interface DeploymentRef {
  owner: string;
  dseq: bigint;
}

/** mTLS gives no granular access: the certificate's owner gets everything (AuthProcess in gateway/utils). */
export function fullAccessClaims(owner: string): Claims {
  return { issuer: owner, leases: { access: "full" } };
}

/** Claims.AuthorizeForProvider; an unauthenticated caller (no token, no certificate) is never authorised. */
export function authorizeForProvider(claims: Claims | undefined, provider: string): boolean {
  if (claims === undefined) return false;
  const { leases } = claims;
  if (leases.access !== "granular") return true;
  return leases.permissions.some((permission) => permission.provider === provider);
}

/** Claims.AuthorizeForDeploymentID (scope undefined) and AuthorizeDeploymentIDForPermissionScope. */
export function authorizeDeployment(claims: Claims, deployment: DeploymentRef, provider: string, scope?: PermissionScope): boolean {
  return grants(claims, provider, scope, (permission) => permission.dseq === deployment.dseq);
}

/** Claims.AuthorizeForLeaseID (scope undefined) and AuthorizeLeaseIDForPermissionScope; gseq/oseq 0 match any. */
export function authorizeLease(claims: Claims, lease: LeaseId, scope?: PermissionScope): boolean {
  return grants(
    claims,
    lease.provider,
    scope,
    (permission) =>
      permission.dseq === lease.dseq &&
      (permission.gseq === 0 || permission.gseq === lease.gseq) &&
      (permission.oseq === 0 || permission.oseq === lease.oseq),
  );
}

function grants(
  claims: Claims,
  provider: string,
  scope: PermissionScope | undefined,
  covers: (permission: DeploymentPermission) => boolean,
): boolean {
  const allows = (scopes: PermissionScope[]): boolean => scope === undefined || scopes.includes(scope);
  const { leases } = claims;
  if (leases.access === "full") return true;
  if (leases.access === "scoped") return allows(leases.scope);
  // Providers are unique within a token (checked at validation), so the first match decides.
  const permission = leases.permissions.find((candidate) => candidate.provider === provider);
  if (permission === undefined) return false;
  if (permission.access === "full") return true;
  if (permission.access === "scoped") return allows(permission.scope);
  return permission.deployments.some((deployment) => covers(deployment) && allows(deployment.scope));
}
