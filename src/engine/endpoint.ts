/** Where a lease's inference server can be reached, from the manifest's exposed ports and the lease status. */
import type { LeaseStatus } from "./ports.js";

export type ExposedService = { service: string; port: number };

/** Services exposed to the world, with the container port, in manifest order. */
export function exposedServices(manifestJson: string): ExposedService[] {
  const groups = JSON.parse(manifestJson) as { services: { name: string; expose: { port: number; global: boolean }[] | null }[] }[];
  return groups.flatMap((group) => group.services.flatMap((service) => (service.expose ?? []).filter((e) => e.global).map((e) => ({ service: service.name, port: e.port }))));
}

/** The URL of the first exposed service: a forwarded port (host:externalPort) or an ingress URI. */
export function endpointOf(status: LeaseStatus, exposed: ExposedService[]): string | undefined {
  for (const { service, port } of exposed) {
    const forwarded = status.forwardedPorts[service]?.find((p) => p.port === port);
    if (forwarded) return `http://${forwarded.host}:${forwarded.externalPort}`;
    const uri = status.services[service]?.uris[0];
    if (uri) return uri.startsWith("http") ? uri : `http://${uri}`;
  }
  return undefined;
}
