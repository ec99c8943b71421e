/**
 * What every parser shares, in order: the HTTP status rule, the size cap and decoding, the
 * parser's own reading of the body, Retry-After — all inside one guard, so that classification
 * never throws whatever the buyer sent.
 */
import { decodeResponseBody } from './content.js';
import { headerValue } from './content-type.js';
import { statusReason, truncate } from './reasons.js';
import { parseRetryAfter } from './retry-after.js';
import { describeStatus, isValidStatus, matchesStatus } from './status.js';
import type {
  BodyParser,
  CapturedResponse,
  Classification,
  ClassifyOptions,
  Decision,
} from './types.js';

/** Classifies `response` with `parser`; never throws (a bug becomes "parser failure: …"). */
export function classifyResponse(
  parser: BodyParser,
  response: CapturedResponse,
  options: ClassifyOptions,
): Classification {
  let decision: Decision;
  try {
    decision = decide(parser, response, options);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    decision = { outcome: 'error', reason: truncate(`parser failure: ${message}`) };
  }

  const retryAfterMs = retryAfter(response, options);
  return retryAfterMs === undefined ? decision : { ...decision, retryAfterMs };
}

function decide(
  parser: BodyParser,
  response: CapturedResponse,
  options: ClassifyOptions,
): Decision {
  const status = response.status;
  if (!isValidStatus(status)) {
    return { outcome: 'error', reason: `invalid HTTP status ${String(status)}` };
  }
  // DESIGN.md "Response parsing" 2: the status rule comes before anything the body says.
  if (matchesStatus(status, options.errorStatuses ?? [])) {
    return { outcome: 'error', reason: describeStatus(status) };
  }

  const body = decodeResponseBody(response.body ?? '', response.headers ?? {}, {
    maxResponseBytes: options.maxResponseBytes,
  });
  if (!body.ok) {
    const reason = body.problem === 'too_large' ? body.reason : statusReason(status, body.reason);
    return { outcome: 'error', reason };
  }
  return parser.decide(body, status);
}

function retryAfter(response: CapturedResponse, options: ClassifyOptions): number | undefined {
  try {
    return parseRetryAfter(headerValue(response.headers ?? {}, 'retry-after'), options.nowMs);
  } catch {
    return undefined;
  }
}
