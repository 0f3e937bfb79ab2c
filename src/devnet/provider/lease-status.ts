/**
 * LeaseStatus and ServiceStatus JSON (chain-sdk go/provider/client types, fields in Go struct order), from the
 * manifest group and the pods the simulated cluster runs for it.
 *
 * Each pod is its own server on its own port, so the devnet reports every pod's port where Kubernetes would
 * report one NodePort per service (forwarded_ports) or one ingress hostname per service (uris: "host:port").
 */
import { isForwardedPort, isIngress, type ManifestGroup, type ManifestService } from "./manifest.js";
import type { Pod } from "./pods.js";

export interface ServiceStatus {
  name: string;
  available: number;
  total: number;
  uris: string[] | null;
  observed_generation: number;
  replicas: number;
  updated_replicas: number;
  ready_replicas: number;
  available_replicas: number;
}

export interface ForwardedPortStatus {
  host: string;
  port: number;
  externalPort: number;
  proto: "TCP" | "UDP";
  name: string;
}

export interface LeaseStatus {
  services: Record<string, ServiceStatus>;
  forwarded_ports: Record<string, ForwardedPortStatus[]> | null;
  /** Leased IPs; the devnet has none. */
  ips: null;
}

export async function leaseStatus(group: ManifestGroup, pods: readonly Pod[], host: string): Promise<LeaseStatus> {
  const services: Record<string, ServiceStatus> = {};
  for (const service of group.services) {
    services[service.name] = await serviceStatus(service, podsOf(pods, service), host);
  }
  // Like the provider, forwarded_ports is null unless some service of the group exposes a global non-ingress port.
  const forwarded = group.services.some((service) => (service.expose ?? []).some(isForwardedPort));
  return { services, forwarded_ports: forwarded ? forwardedPorts(group, pods, host) : null, ips: null };
}

/** A service's status: replicas counts every pod the manifest asked for, available only those ready now. */
export async function serviceStatus(service: ManifestService, pods: readonly Pod[], host: string): Promise<ServiceStatus> {
  const ready = (await Promise.all(pods.map((pod) => pod.isReady()))).filter(Boolean).length;
  const ingress = (service.expose ?? []).some(isIngress);
  const uris = ingress ? portsOf(pods).map((port) => `${host}:${port}`) : null;
  return {
    name: service.name,
    available: ready,
    total: service.count,
    uris,
    observed_generation: 1,
    replicas: service.count,
    updated_replicas: service.count,
    ready_replicas: ready,
    available_replicas: ready,
  };
}

export function podsOf(pods: readonly Pod[], service: ManifestService): Pod[] {
  return pods.filter((pod) => pod.serviceName === service.name);
}

function forwardedPorts(group: ManifestGroup, pods: readonly Pod[], host: string): Record<string, ForwardedPortStatus[]> {
  const result: Record<string, ForwardedPortStatus[]> = {};
  for (const service of group.services) {
    const entries = (service.expose ?? [])
      .filter(isForwardedPort)
      .flatMap((expose) => portsOf(podsOf(pods, service)).map((port) => ({ host, port: expose.port, externalPort: port, proto: expose.proto, name: service.name })));
    if (entries.length > 0) result[service.name] = entries;
  }
  return result;
}

/** Ports of pods whose workload was started (a dead pod's port stays listed, as a NodePort without endpoints would). */
function portsOf(pods: readonly Pod[]): number[] {
  return pods.flatMap((pod) => (pod.workload === undefined ? [] : [pod.workload.port]));
}
