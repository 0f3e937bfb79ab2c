/**
 * Learns of new blocks as they are committed: a CometBFT websocket subscription to NewBlockHeader (at
 * `<rpc>/websocket`), with polling of `status` as the fallback while the socket is down, and a slow poll
 * beside it because a node sends no events while it is unhealthy and never replays them.
 * The socket is opened on the first wait only, and closed by `close()`.
 */
import WebSocket from "ws";
import { BlockTimeoutError } from "./errors.js";
import type { CometRpc } from "./comet-rpc.js";

export type BlockWatcherOptions = {
  /** Poll interval while the websocket is down; also bounds how late a block is noticed then. */
  fallbackPollMs: number;
  /** Poll interval beside a working websocket. */
  safetyPollMs?: number;
};

type Waiter = { after: number; resolve(height: number): void; reject(error: unknown): void; timer: NodeJS.Timeout };

const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 10_000;

export class BlockWatcher {
  #latest = 0;
  #waiters = new Set<Waiter>();
  #socket: WebSocket | undefined;
  #subscribed = false;
  #reconnectDelay = RECONNECT_MIN_MS;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #pollTimer: NodeJS.Timeout | undefined;
  #pollDue = Number.POSITIVE_INFINITY;
  #polling = false;
  #lastPollError: unknown;
  #closed = false;

  constructor(
    private readonly rpc: CometRpc,
    private readonly options: BlockWatcherOptions,
  ) {}

  /** The newest height seen so far (0 before anything was seen). */
  get latest(): number {
    return this.#latest;
  }

  /** Records a height learnt elsewhere (a status call, a committed tx). */
  observe(height: number): void {
    if (height <= this.#latest) return;
    this.#latest = height;
    for (const waiter of [...this.#waiters]) if (height > waiter.after) this.#settle(waiter, () => waiter.resolve(height));
  }

  /** Resolves with the first height above `afterHeight` once that block is committed. */
  waitForBlock(afterHeight: number, timeoutMs: number): Promise<number> {
    if (this.#latest > afterHeight) return Promise.resolve(this.#latest);
    if (this.#closed) return Promise.reject(new Error("the chain client is disconnected"));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        after: afterHeight,
        resolve,
        reject,
        timer: setTimeout(() => this.#settle(waiter, () => reject(new BlockTimeoutError(this.rpc.url, afterHeight, timeoutMs, this.#lastPollError))), timeoutMs),
      };
      this.#waiters.add(waiter);
      this.#connect();
      this.#schedulePoll(this.#subscribed ? this.#safetyPollMs : 0);
    });
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#reconnectTimer);
    clearTimeout(this.#pollTimer);
    this.#socket?.removeAllListeners();
    this.#socket?.on("error", () => undefined);
    this.#socket?.terminate();
    this.#socket = undefined;
    for (const waiter of [...this.#waiters]) this.#settle(waiter, () => waiter.reject(new Error("the chain client was disconnected")));
  }

  #settle(waiter: Waiter, settle: () => void): void {
    if (!this.#waiters.delete(waiter)) return;
    clearTimeout(waiter.timer);
    settle();
  }

  get #safetyPollMs(): number {
    return this.options.safetyPollMs ?? 2_000;
  }

  /** Schedules the next poll, unless one is already due sooner. */
  #schedulePoll(delayMs: number): void {
    if (this.#closed || this.#waiters.size === 0 || this.#polling) return;
    const due = Date.now() + delayMs;
    if (due >= this.#pollDue) return;
    clearTimeout(this.#pollTimer);
    this.#pollDue = due;
    this.#pollTimer = setTimeout(() => {
      this.#pollDue = Number.POSITIVE_INFINITY;
      void this.#poll();
    }, delayMs);
  }

  async #poll(): Promise<void> {
    this.#polling = true;
    try {
      const status = await this.rpc.call<{ sync_info: { latest_block_height: string } }>("status");
      this.#lastPollError = undefined;
      this.observe(Number(status.sync_info.latest_block_height));
    } catch (error) {
      this.#lastPollError = error; // reported if the wait times out; the next poll may succeed
    } finally {
      this.#polling = false;
    }
    this.#schedulePoll(this.#subscribed ? this.#safetyPollMs : this.options.fallbackPollMs);
  }

  #connect(): void {
    if (this.#socket || this.#closed || this.#reconnectTimer) return;
    const url = websocketUrl(this.rpc.url);
    const socket = new WebSocket(url, { handshakeTimeout: this.rpc.timeoutMs });
    this.#socket = socket;
    socket.on("open", () => {
      socket.send(JSON.stringify({ jsonrpc: "2.0", id: "new-block-header", method: "subscribe", params: { query: "tm.event='NewBlockHeader'" } }));
    });
    socket.on("message", (data) => this.#onMessage(data));
    socket.on("error", () => undefined); // "close" follows and handles it
    socket.on("close", () => {
      if (this.#socket !== socket) return;
      this.#socket = undefined;
      this.#subscribed = false;
      if (this.#closed || this.#waiters.size === 0) return;
      this.#schedulePoll(0);
      this.#reconnectTimer = setTimeout(() => {
        this.#reconnectTimer = undefined;
        if (this.#waiters.size > 0) this.#connect();
      }, this.#reconnectDelay);
      this.#reconnectDelay = Math.min(this.#reconnectDelay * 2, RECONNECT_MAX_MS);
    });
  }

  #onMessage(data: WebSocket.RawData): void {
    let message: { id?: unknown; error?: unknown; result?: { data?: { value?: { header?: { height?: string } } } } };
    try {
      message = JSON.parse(data.toString()) as typeof message;
    } catch {
      return;
    }
    if (message.id !== "new-block-header") return;
    if (message.error) {
      this.#socket?.close(); // subscription refused: fall back to polling
      return;
    }
    this.#subscribed = true;
    this.#reconnectDelay = RECONNECT_MIN_MS;
    const height = Number(message.result?.data?.value?.header?.height ?? 0);
    if (height > 0) this.observe(height);
  }
}

/** http(s)://host[:port][/path] → ws(s)://host[:port][/path]/websocket */
export function websocketUrl(rpc: string): string {
  const url = new URL(rpc);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/websocket`;
  url.search = "";
  return url.toString();
}
