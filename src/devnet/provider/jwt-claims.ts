/**
 * JWT claims in two steps, because the provider fails them with different HTTP codes:
 * - decode: what Go's json.Unmarshal into ajwt.Claims rejects (wrong types, a permission provider that is not an
 *   akash address). golang-jwt reports it as a malformed token → 401 "JWT is invalid".
 * - validate: golang-jwt's exp/nbf checks plus ajwt.Claims.Validate → 400 "JWT has invalid claims".
 * JSON null and absent fields decode to Go zero values; `null` below stands for a nil slice, which Go's rules
 * tell apart from an empty one (e.g. scoped access with "permissions": [] is refused).
 */
import { isAkashAddress } from "./address.js";
import { PERMISSION_SCOPES, type Claims, type DeploymentPermission, type LeasesAccess, type PermissionScope, type ProviderPermission } from "./access.js";

export class MalformedClaims extends Error {}
export class InvalidClaims extends Error {}

interface DecodedDeployment {
  scope: string[] | null;
  dseq: bigint;
  gseq: number;
  oseq: number;
  services: string[] | null;
}
interface DecodedPermission {
  provider: string;
  access: string;
  scope: string[] | null;
  deployments: DecodedDeployment[] | null;
}
export interface DecodedClaims {
  iss: string;
  /** Seconds, truncated like jwt.NumericDate; undefined when absent. */
  exp: number | undefined;
  nbf: number | undefined;
  iat: number | undefined;
  version: string;
  leases: { access: string; scope: string[] | null; permissions: DecodedPermission[] | null };
}

type Json = Record<string, unknown>;

function object(value: unknown, path: string): Json {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) throw new MalformedClaims(`${path}: not an object`);
  return value as Json;
}

function string(value: unknown, path: string): string {
  if (value === undefined || value === null) return "";
  if (typeof value !== "string") throw new MalformedClaims(`${path}: not a string`);
  return value;
}

function array<T>(value: unknown, path: string, item: (v: unknown, p: string) => T): T[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value)) throw new MalformedClaims(`${path}: not an array`);
  return value.map((v, i) => item(v, `${path}[${i}]`));
}

/** jwt.NumericDate accepts a JSON number or a numeric string, and keeps whole seconds. */
function numericDate(value: unknown, path: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const seconds = typeof value === "string" && /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(value) ? Number(value) : value;
  if (typeof seconds !== "number") throw new MalformedClaims(`${path}: not a NumericDate`);
  return Math.trunc(seconds);
}

function unsigned(value: unknown, path: string, bits: 32 | 64): bigint {
  if (value === undefined || value === null) return 0n;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0 || BigInt(value) >= 1n << BigInt(bits)) {
    throw new MalformedClaims(`${path}: not a uint${bits}`);
  }
  return BigInt(value);
}

function provider(value: unknown, path: string): string {
  const address = string(value, path);
  if (address !== "" && !isAkashAddress(address)) throw new MalformedClaims(`${path}: not an akash address`);
  return address;
}

export function decodeClaims(payload: unknown): DecodedClaims {
  const claims = object(payload, "claims");
  string(claims.jti, "jti");
  string(claims.sub, "sub");
  // jwt.ClaimStrings: one string or a list of them.
  if (typeof claims.aud !== "string") array(claims.aud, "aud", string);
  const leases = object(claims.leases, "leases");
  return {
    iss: string(claims.iss, "iss"),
    exp: numericDate(claims.exp, "exp"),
    nbf: numericDate(claims.nbf, "nbf"),
    iat: numericDate(claims.iat, "iat"),
    version: string(claims.version, "version"),
    leases: {
      access: string(leases.access, "leases.access"),
      scope: array(leases.scope, "leases.scope", string),
      permissions: array(leases.permissions, "leases.permissions", (v, p) => {
        const permission = object(v, p);
        return {
          provider: provider(permission.provider, `${p}.provider`),
          access: string(permission.access, `${p}.access`),
          scope: array(permission.scope, `${p}.scope`, string),
          deployments: array(permission.deployments, `${p}.deployments`, (d, dp) => {
            const deployment = object(d, dp);
            return {
              scope: array(deployment.scope, `${dp}.scope`, string),
              dseq: unsigned(deployment.dseq, `${dp}.dseq`, 64),
              gseq: Number(unsigned(deployment.gseq, `${dp}.gseq`, 32)),
              oseq: Number(unsigned(deployment.oseq, `${dp}.oseq`, 32)),
              services: array(deployment.services, `${dp}.services`, string),
            };
          }),
        };
      }),
    },
  };
}

/** golang-jwt v5 (no leeway): valid while nbf <= now < exp; then ajwt.Claims.Validate. */
export function validateClaims(decoded: DecodedClaims, nowMs: number): Claims {
  const { exp, nbf, iat } = decoded;
  if (iat === undefined || nbf === undefined || exp === undefined) throw new InvalidClaims("iat, nbf and exp are required");
  if (!(nowMs < exp * 1000)) throw new InvalidClaims("token is expired");
  if (nowMs < nbf * 1000) throw new InvalidClaims("token is not valid yet");
  if (decoded.version !== "v1") throw new InvalidClaims("invalid version");
  return { issuer: decoded.iss, leases: validateLeases(decoded.leases) };
}

function validateLeases(leases: DecodedClaims["leases"]): LeasesAccess {
  switch (leases.access) {
    case "full":
      if ((leases.permissions?.length ?? 0) > 0) throw new InvalidClaims("full access cannot have permissions set");
      if ((leases.scope?.length ?? 0) > 0) throw new InvalidClaims("full access cannot have scope set");
      return { access: "full" };
    case "scoped":
      if (leases.permissions !== null) throw new InvalidClaims("scoped access cannot have permissions set");
      return { access: "scoped", scope: validateScopes(leases.scope, "scope access must have scope set") };
    case "granular":
      if ((leases.permissions?.length ?? 0) === 0) throw new InvalidClaims("granular access must have permissions set");
      return { access: "granular", permissions: validatePermissions(leases.permissions ?? []) };
    case "":
      throw new InvalidClaims("missing access type");
    default:
      throw new InvalidClaims(`invalid access type '${leases.access}'`);
  }
}

function validatePermissions(permissions: DecodedPermission[]): ProviderPermission[] {
  const providers = new Set<string>();
  return permissions.map((permission): ProviderPermission => {
    const { provider: address } = permission;
    if (address === "") throw new InvalidClaims("empty provider");
    if (providers.has(address)) throw new InvalidClaims(`duplicate provider ${address}`);
    providers.add(address);
    switch (permission.access) {
      case "full":
        if ((permission.deployments?.length ?? 0) > 0) throw new InvalidClaims("permission with full access cannot have deployments set");
        if ((permission.scope?.length ?? 0) > 0) throw new InvalidClaims("permission with full access cannot have scope set");
        return { provider: address, access: "full" };
      case "scoped":
        if (permission.deployments !== null) throw new InvalidClaims("permission with scoped access cannot have deployments set");
        return { provider: address, access: "scoped", scope: validateScopes(permission.scope, "permission with scope access must have scope set") };
      case "granular":
        if (permission.scope !== null) throw new InvalidClaims("permission with granular access cannot have scope set");
        if ((permission.deployments?.length ?? 0) === 0) throw new InvalidClaims("granular access must have permissions set");
        return { provider: address, access: "granular", deployments: (permission.deployments ?? []).map(validateDeployment) };
      case "":
        throw new InvalidClaims("missing access type");
      default:
        throw new InvalidClaims(`permission with invalid access type '${permission.access}'`);
    }
  });
}

function validateDeployment(deployment: DecodedDeployment): DeploymentPermission {
  const scope = validateScopes(deployment.scope, "deployment permission scope must be set");
  if (deployment.dseq === 0n) throw new InvalidClaims("dseq must be set");
  if (deployment.oseq > 0 && deployment.gseq === 0) throw new InvalidClaims("gseq must be set if oseq is set");
  const services = deployment.services ?? [];
  if (services.length === 0) throw new InvalidClaims("empty services");
  if (new Set(services).size !== services.length) throw new InvalidClaims("duplicate service");
  return { dseq: deployment.dseq, gseq: deployment.gseq, oseq: deployment.oseq, scope, services };
}

function validateScopes(scopes: string[] | null, emptyMessage: string): PermissionScope[] {
  if (scopes === null || scopes.length === 0) throw new InvalidClaims(emptyMessage);
  const known: readonly string[] = PERMISSION_SCOPES;
  for (const scope of scopes) {
    if (!known.includes(scope)) throw new InvalidClaims(`invalid scope ${scope}`);
  }
  if (new Set(scopes).size !== scopes.length) throw new InvalidClaims("duplicate scope");
  return scopes as PermissionScope[];
}
