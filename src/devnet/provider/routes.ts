/**
 * The gateway's routes (provider gateway/rest/router.go, the subset tenants use) and how a path finds one:
 * unknown paths get gorilla/mux's "404 page not found", a known path with another method a bare 405.
 */
import type { WebSocket } from "ws";
import type { ProviderFaults } from "./faults.js";
import { leaseStatus, podsOf, serviceStatus } from "./lease-status.js";
import { addressInfo, providerStatus, versionInfo } from "./provider-info.js";
import type { ProviderLeases } from "./provider-leases.js";
import { ok, textError, type Reply } from "./replies.js";
import type { GatewayRequest } from "./request.js";
import { streamKubeEvents, streamLogs } from "./streams.js";

/** A reply, or — for the stream routes — what to do with the WebSocket once the upgrade is accepted. */
export type Outcome = Reply | { upgrade: (ws: WebSocket) => void };

export interface Route {
  method: "GET" | "PUT";
  path: RegExp;
  handle(request: GatewayRequest): Outcome | Promise<Outcome>;
}

export interface RouteDependencies {
  providerAddress: string;
  /** Host the gateway and its workloads listen on: reported in forwarded ports, URIs and status. */
  host: string;
  leases: ProviderLeases;
  faults: ProviderFaults;
}

const LEASE = String.raw`^/lease/(?<dseq>[^/]+)/(?<gseq>[^/]+)/(?<oseq>[^/]+)`;

export function gatewayRoutes({ providerAddress, host, leases, faults }: RouteDependencies): Route[] {
  return [
    { method: "GET", path: /^\/version$/, handle: () => ok(versionInfo()) },
    { method: "GET", path: /^\/address$/, handle: () => ok(addressInfo(providerAddress)) },
    { method: "GET", path: /^\/status$/, handle: () => ok(providerStatus(leases.summary(), providerAddress, host)) },
    {
      method: "PUT",
      path: /^\/deployment\/(?<dseq>[^/]+)\/manifest$/,
      handle: async (request) => {
        const deployment = request.deployment("send-manifest");
        if (faults.takeManifestError()) return textError(500, "internal server error");
        return leases.submitManifest(deployment.owner, deployment.dseq, await request.body());
      },
    },
    {
      method: "GET",
      path: new RegExp(`${LEASE}/status$`),
      handle: async (request) => {
        const deployment = leases.deployment(request.lease("status"));
        // No manifest yet means no lease as far as the cluster knows: an empty 404.
        if (deployment === undefined) return { status: 404, kind: "empty" };
        return ok(await leaseStatus(deployment.group, deployment.pods, host));
      },
    },
    {
      method: "GET",
      path: new RegExp(`${LEASE}/service/(?<service>[^/]+)/status$`),
      handle: async (request) => {
        const deployment = leases.deployment(request.lease());
        if (deployment === undefined) return textError(404, "kube: lease not found");
        const name = request.params.service ?? "";
        const service = deployment.group.services.find((candidate) => candidate.name === name);
        if (service === undefined) return textError(404, `kube: no service for that lease: service ${JSON.stringify(name)}`);
        return ok(await serviceStatus(service, podsOf(deployment.pods, service), host));
      },
    },
    {
      method: "GET",
      path: new RegExp(`${LEASE}/logs$`),
      handle: (request) => {
        const { lease, stream } = request.leaseStream("logs");
        return { upgrade: (ws) => streamLogs(ws, leases.deployment(lease), stream) };
      },
    },
    {
      method: "GET",
      path: new RegExp(`${LEASE}/kubeevents$`),
      handle: (request) => {
        const { lease, stream } = request.leaseStream("events");
        return { upgrade: (ws) => streamKubeEvents(ws, leases.deployment(lease), stream) };
      },
    },
  ];
}

export type RouteMatch = { route: Route; params: Record<string, string> } | { reply: Reply };

export function matchRoute(routes: readonly Route[], method: string, pathname: string): RouteMatch {
  let pathKnown = false;
  for (const route of routes) {
    const match = route.path.exec(pathname);
    if (match === null) continue;
    if (route.method !== method) {
      pathKnown = true;
      continue;
    }
    return { route, params: { ...match.groups } };
  }
  return { reply: pathKnown ? { status: 405, kind: "empty" } : textError(404, "404 page not found") };
}
