/** A self-reconnecting client for the `/api/v1/stream` WebSocket. Framework-free so it can be tested alone. */
import { parseServerFrame, type ServerFrame, STREAM_CHANNELS } from './frames';

/** What the connection is doing, for the "live / reconnecting" indicator. */
export type StreamStatus = 'connecting' | 'live' | 'reconnecting';

/** The subset of the browser WebSocket the client uses (the `ws` package satisfies it too). */
export interface StreamSocket {
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  send(data: string): void;
  close(code?: number): void;
}

/** Dependencies of createStreamClient. */
export interface StreamClientDeps {
  url: string;
  onFrame(frame: ServerFrame): void;
  onStatus(status: StreamStatus): void;
  /**
   * Called after each close. `wasOpen` is false when the socket never opened (server down, or the upgrade was
   * refused); code 4401 means the server refused the session after opening.
   */
  onClosed?(info: { wasOpen: boolean; code: number }): void;
  createSocket?(url: string): StreamSocket;
  /** Backoff before reconnect attempt `n` (0-based). */
  backoffMs?(attempt: number): number;
}

/** A running stream connection. */
export interface StreamClient {
  close(): void;
}

/** Exponential backoff from 0.5 s to 15 s with ±20 % jitter, so many tabs do not reconnect in step. */
export function defaultBackoffMs(attempt: number): number {
  const base = Math.min(15_000, 500 * 2 ** Math.min(attempt, 5));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

/** The stream URL on the page's own origin, ws:// or wss:// matching http:// or https://. */
export function streamUrl(location: { protocol: string; host: string }): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/api/v1/stream`;
}

/** Opens the stream, subscribes once open, and reconnects with backoff until closed. */
export function createStreamClient(deps: StreamClientDeps): StreamClient {
  const make = deps.createSocket ?? ((url: string) => new WebSocket(url) as unknown as StreamSocket);
  const backoff = deps.backoffMs ?? defaultBackoffMs;
  let attempt = 0;
  let stopped = false;
  let socket: StreamSocket | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const connect = (): void => {
    deps.onStatus(attempt === 0 ? 'connecting' : 'reconnecting');
    const ws = make(deps.url);
    socket = ws;
    let wasOpen = false;
    ws.onopen = () => {
      wasOpen = true;
      attempt = 0;
      ws.send(JSON.stringify({ type: 'subscribe', channels: STREAM_CHANNELS }));
      deps.onStatus('live');
    };
    ws.onmessage = (ev) => {
      const frame = typeof ev.data === 'string' ? parseServerFrame(ev.data) : undefined;
      if (frame) deps.onFrame(frame);
    };
    // A failed socket always fires close after error; reconnecting is handled there, once.
    ws.onerror = () => undefined;
    ws.onclose = (ev) => {
      socket = undefined;
      if (stopped) return;
      deps.onClosed?.({ wasOpen, code: ev.code });
      deps.onStatus('reconnecting');
      timer = setTimeout(connect, backoff(attempt));
      attempt += 1;
    };
  };

  connect();
  return {
    close() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      socket?.close(1000);
    },
  };
}
