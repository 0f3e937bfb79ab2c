/**
 * Faults a devnet RPC node can show, shared by its CometBFT, gRPC and REST servers. Every request reads them
 * afresh, so a test or the devnet's fault API can switch them on and off while clients are connected.
 */
import type { DevnetNode } from "../node-api.js";

export type RpcFaultSettings = {
  /** Answer HTTP 503 to every request, as a node behind a load balancer with no healthy backend does. */
  unavailable?: boolean;
  /** Accept requests but answer none until the fault ends; the client has to give up on its own. */
  timeout?: boolean;
  /** Report the chain this many blocks behind its head, as a node that fell behind does (0 = in sync). */
  lagBlocks?: number;
  /** The faults named in this call end by themselves at this time. */
  until?: Date;
};

type Switch<T> = { value: T; until: number };

/** How often a held request looks whether the `timeout` fault has ended. */
const HOLD_POLL_MS = 50;

export class RpcFaults {
  private unavailableSwitch?: Switch<true>;
  private timeoutSwitch?: Switch<true>;
  private lagSwitch?: Switch<number>;

  constructor(initial: RpcFaultSettings = {}) {
    this.set(initial);
  }

  /** Switches the named faults on or off; faults not named keep their state. */
  set(settings: RpcFaultSettings): void {
    const until = settings.until?.getTime() ?? Number.POSITIVE_INFINITY;
    if (settings.unavailable !== undefined) this.unavailableSwitch = settings.unavailable ? { value: true, until } : undefined;
    if (settings.timeout !== undefined) this.timeoutSwitch = settings.timeout ? { value: true, until } : undefined;
    if (settings.lagBlocks !== undefined) {
      const blocks = Math.max(0, Math.floor(settings.lagBlocks));
      this.lagSwitch = blocks > 0 ? { value: blocks, until } : undefined;
    }
  }

  clear(): void {
    this.unavailableSwitch = this.timeoutSwitch = this.lagSwitch = undefined;
  }

  isUnavailable(now = Date.now()): boolean {
    return isOn(this.unavailableSwitch, now);
  }

  isTimingOut(now = Date.now()): boolean {
    return isOn(this.timeoutSwitch, now);
  }

  lagBlocks(now = Date.now()): number {
    return this.lagSwitch && isOn(this.lagSwitch, now) ? this.lagSwitch.value : 0;
  }

  /**
   * Holds a request while the `timeout` fault lasts. Resolves true when the request may go on, false when the
   * client went away (or the server is closing) in the meantime.
   */
  async holdWhileTimingOut(abandoned: AbortSignal): Promise<boolean> {
    while (this.isTimingOut()) {
      if (abandoned.aborted) return false;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, HOLD_POLL_MS);
        abandoned.addEventListener("abort", done, { once: true });
        function done(): void {
          clearTimeout(timer);
          abandoned.removeEventListener("abort", done);
          resolve();
        }
      });
    }
    return !abandoned.aborted;
  }
}

function isOn<T>(faultSwitch: Switch<T> | undefined, now: number): boolean {
  return faultSwitch !== undefined && now < faultSwitch.until;
}

/**
 * The newest height this node admits to: the head, or the head minus the `lagBlocks` fault, but not below the
 * earliest height it keeps (nor above the head, before the first block).
 */
export function visibleHeight(node: DevnetNode, faults: RpcFaults): number {
  const status = node.status();
  return Math.min(status.height, Math.max(status.earliestHeight, status.height - faults.lagBlocks()));
}
