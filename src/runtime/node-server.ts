/**
 * The HTTP server settings node-server passes to node:http, from the Node
 * server's config. Node checks the header and request timeouts on a timer
 * (30 s by default), which would let a slow-header connection live up to
 * 30 s past its timeout: the check runs often enough to keep the bound close.
 */
import type { ServerOptions } from 'node:http';
import type { NodeServerConfig } from './node-config';

export function serverOptions(c: NodeServerConfig): ServerOptions {
  return {
    headersTimeout: c.headersTimeoutMs,
    requestTimeout: c.requestTimeoutMs,
    keepAliveTimeout: c.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.min(1000, Math.max(50, Math.floor(c.headersTimeoutMs / 4))),
  };
}
