/**
 * Response parsing: turns a buyer's HTTP answer into an outcome (success | failure | error) and
 * a reason, per DESIGN.md "Response parsing". Pure: no I/O, no clock, no logging.
 *
 * Order of decisions: an invalid status or one of `errorStatuses` → error; a body over
 * `maxResponseBytes` (as received or decompressed) or undecodable → error; then the parser
 * reads the body (classic.ts, search.ts). Success never carries a reason; failure and error
 * always do.
 */
export type {
  CapturedResponse,
  Classification,
  ClassifyOptions,
  CompiledParser,
  ResponseHeaders,
} from './types.js';
export { compileParser } from './compile.js';
export { validateParserConfig } from './validate.js';
export { decodeResponseBody } from './content.js';
export type { DecodeOptions, DecodeResult, DecodedBody, UnreadableBody } from './content.js';
export type { ContentKind, MediaType } from './content-type.js';
export { parseRetryAfter } from './retry-after.js';
export { DEFAULT_MAX_RESPONSE_BYTES } from './limits.js';
export { DEFAULT_CASE_ERROR_STATUSES, parseCasesFile, runParsingCase } from './cases.js';
export type { CaseExpectation, CaseResult, ParsingCase } from './cases.js';
