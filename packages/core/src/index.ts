export * from './config/types.js';
export { ConfigError, ERROR_CODES, formatPath } from './errors.js';
export type { ConfigIssue, ErrorCode } from './errors.js';
// parsing: classification of buyer responses
export {
  compileParser,
  decodeResponseBody,
  DEFAULT_CASE_ERROR_STATUSES,
  DEFAULT_MAX_RESPONSE_BYTES,
  parseCasesFile,
  parseRetryAfter,
  runParsingCase,
  validateParserConfig,
} from './parsing/index.js';
export type {
  CapturedResponse,
  CaseExpectation,
  CaseResult,
  Classification,
  ClassifyOptions,
  CompiledParser,
  ContentKind,
  DecodedBody,
  DecodeOptions,
  DecodeResult,
  MediaType,
  ParsingCase,
  ResponseHeaders,
  UnreadableBody,
} from './parsing/index.js';
// routing: the behavior state machine
export {
  applyOutcome,
  decodeRoutingState,
  encodeRoutingState,
  finalStatus,
  pendingDeliveries,
  RETRIES_EXHAUSTED_REASON,
  startRouting,
} from './routing/index.js';
export type {
  AttemptOutcome,
  DestinationState,
  DestinationStatus,
  LeadStatus,
  RoutingAction,
  RoutingDecision,
  RoutingState,
} from './routing/index.js';
// config, acceptance, template, retry: campaign validation, lead acceptance, request rendering
export { validateCampaignsFile, MIN_API_KEY_LENGTH } from './config/validate.js';
export {
  DEFAULT_BEHAVIOR,
  DEFAULT_ERROR_STATUSES,
  DESTINATION_LIMITS,
} from './config/destination.js';
export { FIELD_TYPES } from './config/fields.js';
export {
  acceptLead,
  compileFieldRules,
  MAX_FIELD_NAME_LENGTH,
  MAX_FIELD_VALUE_LENGTH,
  MAX_LEAD_FIELDS,
} from './acceptance/accept.js';
export type { AcceptanceResult, CompiledFieldRules } from './acceptance/accept.js';
export { US_STATE_CODES, usStateCode } from './acceptance/us-states.js';
export { compileDestinationRequest, CONTENT_TYPES, renderRequest } from './template/request.js';
export type {
  CompiledDestinationRequest,
  CompiledRequest,
  RenderedRequest,
  RequestTemplate,
  SystemValues,
} from './template/request.js';
export { compileTemplate } from './template/compile.js';
export type { CompiledTemplate, Escaper, ValueLookup } from './template/compile.js';
export { parseTemplate, SYSTEM_PLACEHOLDERS } from './template/parse.js';
export type { ParsedTemplate, SystemPlaceholder, TemplateSegment } from './template/parse.js';
export {
  CLASSIC_RETRY_POLICY,
  DEFAULT_RETRY_POLICY,
  RETRY_PRESETS,
  resolveRetryPolicy,
} from './retry/policy.js';
export type { RetryOptions, RetryPreset } from './retry/policy.js';
export { nextRetry, retryDelayMs } from './retry/next-retry.js';
export type { RetryDecision, RetryExhaustion, RetryInput } from './retry/next-retry.js';
