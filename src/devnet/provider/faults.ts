/**
 * Faults a simulated provider can be told to show, switchable while it runs. The gateway reads the plain fields
 * on each request (or when it starts a pod); `down` and `impostorCertificate` are accessors because what they
 * change (the listener, the TLS identity) has to change when they do, not when the next request arrives.
 */
import { EventEmitter } from "node:events";

export interface ProviderFaultSettings {
  /** Listener closed: connections are refused (ECONNREFUSED) until cleared; workloads keep running. */
  down?: boolean;
  /** Answer this many of the next manifest uploads with 500 "internal server error" (counts down). */
  manifestErrors?: number;
  /** Answer every manifest upload with 500. */
  manifestAlways500?: boolean;
  /** Pods started from now on never report ready. */
  workloadNeverReady?: boolean;
  /** Pods started from now on die this long after starting (and are not restarted). */
  workloadDiesAfterMs?: number;
  /**
   * Present a freshly generated self-signed certificate (same subject, other key) instead of the one on chain,
   * as a man-in-the-middle would; new connections see it once the gateway has made it (a few ms).
   */
  impostorCertificate?: boolean;
}

export class ProviderFaults extends EventEmitter<{ downChanged: [boolean]; impostorCertificateChanged: [boolean] }> {
  #down: boolean;
  #impostorCertificate: boolean;
  manifestErrors: number;
  manifestAlways500: boolean;
  workloadNeverReady: boolean;
  workloadDiesAfterMs: number | undefined;

  constructor(settings: ProviderFaultSettings = {}) {
    super();
    this.#down = settings.down ?? false;
    this.manifestErrors = settings.manifestErrors ?? 0;
    this.manifestAlways500 = settings.manifestAlways500 ?? false;
    this.workloadNeverReady = settings.workloadNeverReady ?? false;
    this.workloadDiesAfterMs = settings.workloadDiesAfterMs;
    this.#impostorCertificate = settings.impostorCertificate ?? false;
  }

  get down(): boolean {
    return this.#down;
  }

  set down(value: boolean) {
    if (value === this.#down) return;
    this.#down = value;
    this.emit("downChanged", value);
  }

  get impostorCertificate(): boolean {
    return this.#impostorCertificate;
  }

  set impostorCertificate(value: boolean) {
    if (value === this.#impostorCertificate) return;
    this.#impostorCertificate = value;
    this.emit("impostorCertificateChanged", value);
  }

  /** Whether this manifest upload must fail with a 500; consumes one of `manifestErrors`. */
  takeManifestError(): boolean {
    if (this.manifestAlways500) return true;
    if (this.manifestErrors <= 0) return false;
    this.manifestErrors -= 1;
    return true;
  }
}
