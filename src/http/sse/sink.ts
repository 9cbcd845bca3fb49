/**
 * Where one SSE client's frames go. The default is a Web ReadableStream (both
 * runtimes); a runtime may offer a faster one that writes to its own socket
 * (Node), passed in through createApp's deps.
 */
export interface SseSink {
  /** Queues a frame for the client; may throw once the sink is closed. */
  write(frame: Uint8Array): void;
  /** Bytes queued and not yet taken by the network. */
  readonly unsentBytes: number;
  /** Whether a paced writer may write now: it then passes `bound` by one frame at most. */
  hasRoom(bound: number): boolean;
  /** Calls fn once, the next time the queue drains. */
  onDrain(fn: () => void): void;
  /** Ends the response after what is queued. */
  end(): void;
  /** Drops what is queued and breaks the connection. */
  destroy(reason: string): void;
  /** Calls fn once when the client goes away or the response ends. */
  onGone(fn: () => void): void;
}

/** Opens a sink for one request, with the Response its route returns. */
export type OpenSink = (headers: Record<string, string>) => { sink: SseSink; response: Response };
