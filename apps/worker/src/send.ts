import http from 'node:http';
import https from 'node:https';
import got, { type Got } from 'got';
import type { CapturedResponse } from '@leadrelay/core';
import { transportReason } from './transport-errors.js';

/** The request to send, already rendered from the destination's template. */
export interface OutboundRequest {
  method: 'POST' | 'GET';
  url: string;
  headers: Record<string, string>;
  body?: string;
  contentType?: string;
}

export type Exchange =
  | { kind: 'response'; response: CapturedResponse; durationMs: number }
  | { kind: 'transport'; reason: string; durationMs: number };

export interface SendOptions {
  timeoutMs: number;
  /** Bytes read off the wire before giving up with "response too large". */
  maxResponseBytes: number;
  idempotencyKey: string;
}

/**
 * One HTTP client per process: keep-alive agents, and everything the router owns turned off
 * (NOTES.md "got"): no retries, no redirects, no throwing on statuses, no decompression (the
 * classifier decompresses under its own size cap).
 */
export function createHttpClient(): Got {
  return got.extend({
    agent: {
      http: new http.Agent({ keepAlive: true, maxSockets: 256 }),
      https: new https.Agent({ keepAlive: true, maxSockets: 256 }),
    },
    retry: { limit: 0 },
    followRedirect: false,
    throwHttpErrors: false,
    decompress: false,
    // The classifier decodes these itself, under the destination's size cap.
    headers: { 'user-agent': 'leadrelay/0.1', 'accept-encoding': 'gzip, deflate, br' },
  });
}

/**
 * Sends one delivery attempt and captures the answer. Never throws: every transport problem
 * comes back as `{ kind: 'transport', reason }`, and the whole exchange, body included, is
 * bounded by `timeoutMs`.
 */
export function send(
  client: Got,
  request: OutboundRequest,
  options: SendOptions,
): Promise<Exchange> {
  const startedAt = performance.now();
  const elapsed = () => Math.round(performance.now() - startedAt);
  // Header names are case-insensitive: drop the template's own copies of the two we set.
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    const lower = name.toLowerCase();
    if (lower === 'idempotency-key' || (lower === 'content-type' && request.contentType)) continue;
    headers[name] = value;
  }
  headers['idempotency-key'] = options.idempotencyKey;
  if (request.contentType) headers['content-type'] = request.contentType;

  return new Promise<Exchange>((resolve) => {
    let settled = false;
    const finish = (exchange: Exchange) => {
      if (settled) return;
      settled = true;
      resolve(exchange);
    };
    const stream = client.stream(request.url, {
      method: request.method,
      headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      timeout: { request: options.timeoutMs },
    });
    const chunks: Buffer[] = [];
    let bytes = 0;
    let status = 0;
    let responseHeaders: CapturedResponse['headers'] = {};
    stream.on('response', (response: http.IncomingMessage) => {
      status = response.statusCode ?? 0;
      responseHeaders = response.headers;
    });
    stream.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > options.maxResponseBytes) {
        stream.destroy();
        finish({
          kind: 'transport',
          reason: transportReason('ERR_RESPONSE_TOO_LARGE', 0),
          durationMs: elapsed(),
        });
        return;
      }
      chunks.push(chunk);
    });
    stream.on('end', () => {
      finish({
        kind: 'response',
        response: { status, headers: responseHeaders, body: Buffer.concat(chunks, bytes) },
        durationMs: elapsed(),
      });
    });
    stream.on('error', (error: NodeJS.ErrnoException) => {
      finish({
        kind: 'transport',
        reason: transportReason(error.code, options.timeoutMs),
        durationMs: elapsed(),
      });
    });
  });
}
