/**
 * The validated campaign configuration: what `CAMPAIGNS_FILE` holds once it has been parsed,
 * its `${ENV}` references substituted and every rule checked. Defaults are filled in, so code
 * that receives these types never has to guess a missing value.
 */

/** What a delivery attempt's answer meant. */
export type Outcome = 'success' | 'failure' | 'error';

/** What to do after an outcome (DESIGN.md "Behavior semantics"). */
export type Behavior = 'continue' | 'continue_retry_later' | 'stop' | 'stop_retry_later';

export const OUTCOMES: readonly Outcome[] = ['success', 'failure', 'error'];
export const BEHAVIORS: readonly Behavior[] = [
  'continue',
  'continue_retry_later',
  'stop',
  'stop_retry_later',
];

/** Field types understood by the acceptance criteria. */
export type FieldType = 'email' | 'phone' | 'state' | 'postal_code' | 'number' | 'text';

export interface FieldRule {
  name: string;
  type: FieldType;
  /** A required field must be present with a non-blank value. Default false. */
  required: boolean;
  /** Optional regular expression the (normalized) value must match; validated at load. */
  pattern?: string;
}

export type RequestFormat = 'form' | 'json' | 'xml' | 'query';

export interface RetryPolicy {
  backoff: 'fixed' | 'exponential';
  /** First retry delay, and the base of exponential backoff. */
  delayMs: number;
  /** Upper bound for any single delay, Retry-After included. */
  maxDelayMs: number;
  /** Every attempt counts, the first included. */
  maxAttempts: number;
  /** Measured from the first attempt at this destination. */
  maxAgeMs: number;
  /** 0..1: the delay is multiplied by a random factor in [1 - jitter, 1 + jitter]. */
  jitter: number;
}

/** Classic parser (DESIGN.md "Response parsing" 3). */
export interface ClassicParserConfig {
  kind: 'classic';
  validPattern?: string;
  successPattern?: string;
  reasonPattern?: string;
  defaultReason?: string;
}

/** Search parser (DESIGN.md "Response parsing" 4). */
export interface SearchParserConfig {
  kind: 'search';
  term?: string;
  path?: string;
  onMatch?: Outcome;
  reasonPath?: string;
  defaultReason?: string;
  contentType?: string;
}

export type ParserConfig = ClassicParserConfig | SearchParserConfig;

/** One entry of `errorStatuses`: an exact status or a class such as "5xx". */
export type StatusMatcher = number | `${1 | 2 | 3 | 4 | 5}xx`;

export interface DestinationConfig {
  id: string;
  /** May contain `#{field}` placeholders; values are URL-encoded. */
  url: string;
  method: 'POST' | 'GET';
  format: RequestFormat;
  /** Field map (`{ name: "#{template}" }`) or, for json and xml, a raw template string. */
  body: Record<string, unknown> | string;
  /** Root element name of an xml body built from a field map. Default "lead". */
  xmlRoot: string;
  headers: Record<string, string>;
  timeoutMs: number;
  parser: ParserConfig;
  errorStatuses: StatusMatcher[];
  behavior: Record<Outcome, Behavior>;
  retry: RetryPolicy;
  onRetriesExhausted: 'stop' | 'continue';
  concurrency: number;
  /** Responses larger than this are an error ("response too large"). Default 1 MiB. */
  maxResponseBytes: number;
  /** At most `max` deliveries per `perMs` to this destination, across every worker. */
  rateLimit?: { max: number; perMs: number };
  /**
   * Auto-pause: after this many errors in a row the destination's queue pauses for
   * `pauseCooldownMs`, then resumes by itself. 0 (the default) turns it off.
   */
  pauseAfterConsecutiveErrors: number;
  /** How long an auto-pause lasts, ms. Default 60000. */
  pauseCooldownMs: number;
}

export interface CampaignConfig {
  id: string;
  fields: FieldRule[];
  /** Successes that make a lead delivered. Default 1. */
  deliveredWhen: number;
  destinations: DestinationConfig[];
}

export interface SourceConfig {
  id: string;
  apiKey: string;
  campaigns: string[];
}

export interface CampaignsFile {
  sources: SourceConfig[];
  campaigns: CampaignConfig[];
}
