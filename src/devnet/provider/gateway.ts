/**
 * A simulated Akash provider's gateway: the HTTPS server a provider runs at its hostUri, speaking provider-services'
 * REST and WebSocket API over TLS 1.3 with its self-signed on-chain certificate, authenticating tenants by JWT or by
 * client certificate, and running a workload per service replica of each lease whose manifest it accepts.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:https";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import type { TLSSocket } from "node:tls";
import { WebSocketServer } from "ws";
import { authenticate } from "./auth.js";
import type { ProviderChainView } from "./chain-view.js";
import { ProviderFaults } from "./faults.js";
import { peerCertificates, verifyClientCertificates } from "./mtls.js";
import type { StartWorkload } from "./pods.js";
import { ProviderLeases } from "./provider-leases.js";
import { ReplyError, textError, writeRawReply, writeReply, type Reply } from "./replies.js";
import { GatewayRequest } from "./request.js";
import { gatewayRoutes, matchRoute, type Outcome } from "./routes.js";
import { createProviderTlsIdentity, type ProviderCertificate } from "./tls.js";

export { ProviderFaults, type ProviderFaultSettings } from "./faults.js";
export type { StartWorkload, Workload, WorkloadRequest } from "./pods.js";
export type { ProviderCertificate } from "./tls.js";
export type { LeaseId, OnChainCertificate, OpenLease, ProviderChainView } from "./chain-view.js";

/** provider-services' default --manifest-timeout. */
const DEFAULT_MANIFEST_TIMEOUT_MS = 5 * 60_000;

export interface ProviderGatewayOptions {
  providerAddress: string;
  chainView: ProviderChainView;
  startWorkload: StartWorkload;
  /** Interface to listen on; loopback for the devnet. */
  host: string;
  /** 0 = any free port (kept for the gateway's lifetime, also across `down`). */
  port: number;
  /** Close a lease that got no manifest this long after its creation. Default 5 minutes. */
  manifestTimeoutMs?: number;
  /** Switchable faults; default none. */
  faults?: ProviderFaults;
}

export interface ProviderGateway {
  /** "https://<host>:<port>": what the provider registers as its host_uri. */
  readonly hostUri: string;
  /** The TLS identity served to clients; register it on chain (MsgCreateCertificate) so tenants can pin it. */
  readonly certificate: ProviderCertificate;
  readonly faults: ProviderFaults;
  /** Catch up with the chain (new leases, closed leases); the chain calls it after every block. */
  sync(): void;
  close(): Promise<void>;
}

export async function startProviderGateway(options: ProviderGatewayOptions): Promise<ProviderGateway> {
  const { providerAddress, chainView, host } = options;
  const faults = options.faults ?? new ProviderFaults();
  const { certificate, privateKeyPem } = await createProviderTlsIdentity(providerAddress);
  const leases = new ProviderLeases({
    providerAddress,
    chainView,
    startWorkload: options.startWorkload,
    faults,
    manifestTimeoutMs: options.manifestTimeoutMs ?? DEFAULT_MANIFEST_TIMEOUT_MS,
  });
  const routes = gatewayRoutes({ providerAddress, host, leases, faults });
  const certificateOwners = new WeakMap<TLSSocket, string>();
  const sockets = new Set<Socket>();
  const websockets = new WebSocketServer({ noServer: true });

  // Request, don't require, a client certificate: JWT clients send none. TLS 1.3 only, like the provider.
  const server = createServer({
    cert: certificate.certPem,
    key: privateKeyPem,
    requestCert: true,
    rejectUnauthorized: false,
    minVersion: "TLSv1.3",
  });
  // The impostor fault swaps the identity new connections get; switches apply one after the other, in order.
  let identityChange = Promise.resolve();
  const onImpostorChanged = (impostor: boolean): void => {
    identityChange = identityChange
      .then(async () => {
        const identity = impostor ? await createProviderTlsIdentity(providerAddress) : { certificate, privateKeyPem };
        server.setSecureContext({ cert: identity.certificate.certPem, key: identity.privateKeyPem, minVersion: "TLSv1.3" });
      })
      .catch(() => undefined);
  };
  faults.on("impostorCertificateChanged", onImpostorChanged);
  if (faults.impostorCertificate) onImpostorChanged(true);
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  // The provider verifies a presented certificate inside the handshake and fails it; Node has no hook there, so
  // the connection is dropped right after the handshake, before any request on it is read.
  server.on("secureConnection", (socket: TLSSocket) => {
    const presented = peerCertificates(socket);
    if (presented.length === 0) return;
    const check = verifyClientCertificates(presented, chainView, new Date());
    if (check.ok) certificateOwners.set(socket, check.owner);
    else socket.destroy();
  });

  async function resolve(req: IncomingMessage): Promise<Outcome> {
    const url = new URL(req.url ?? "/", "https://provider");
    const matched = matchRoute(routes, req.method ?? "GET", decodePath(url.pathname));
    if ("reply" in matched) return matched.reply;
    try {
      const credentials = { authorization: req.headers.authorization, certificateOwner: certificateOwners.get(req.socket as TLSSocket) };
      const claims = await authenticate(credentials, (address) => chainView.accountPubKey(address), Date.now());
      const request = new GatewayRequest(claims, providerAddress, matched.params, url.searchParams, () => readBody(req));
      return await matched.route.handle(request);
    } catch (error) {
      if (error instanceof ReplyError) return error.reply;
      throw error;
    }
  }

  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    resolve(req).then(
      (outcome) => writeReply(res, "upgrade" in outcome ? NOT_A_WEBSOCKET : outcome),
      () => writeReply(res, textError(500, "internal server error")),
    );
  });
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    resolve(req).then(
      (outcome) => {
        if ("upgrade" in outcome) websockets.handleUpgrade(req, socket, head, outcome.upgrade);
        else writeRawReply(socket, outcome);
      },
      () => writeRawReply(socket, textError(500, "internal server error")),
    );
  });

  let port = options.port;
  async function setListening(up: boolean): Promise<void> {
    if (up && !server.listening) {
      await new Promise<void>((resolveListen, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          resolveListen();
        });
      });
      port = (server.address() as { port: number }).port;
    } else if (!up && server.listening) {
      // A provider that goes down drops every connection, WebSockets included.
      const closed = new Promise<void>((resolveClose) => server.close(() => resolveClose()));
      for (const socket of sockets) socket.destroy();
      await closed;
    }
  }
  // Listener changes run one after the other, in the order the fault was switched. The first listen fixes the
  // port (and so the hostUri) even for a gateway that starts down.
  let listenerChange = setListening(true).then(() => setListening(!faults.down));
  const onDownChanged = (down: boolean): void => {
    listenerChange = listenerChange.then(() => setListening(!down));
  };
  faults.on("downChanged", onDownChanged);
  try {
    await Promise.all([listenerChange, identityChange]);
  } catch (error) {
    faults.off("downChanged", onDownChanged);
    faults.off("impostorCertificateChanged", onImpostorChanged);
    throw error;
  }
  leases.sync();

  return {
    hostUri: `https://${host}:${port}`,
    certificate,
    faults,
    sync: () => leases.sync(),
    async close() {
      faults.off("downChanged", onDownChanged);
      faults.off("impostorCertificateChanged", onImpostorChanged);
      await Promise.all([listenerChange, identityChange]);
      await setListening(false);
      websockets.close();
      await leases.close();
    },
  };
}

/** What gorilla's Upgrader answers a plain request on a stream route. */
const NOT_A_WEBSOCKET: Reply = textError(400, "Bad Request");

/** Go routes on the decoded path. */
function decodePath(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return pathname;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolveBody(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
