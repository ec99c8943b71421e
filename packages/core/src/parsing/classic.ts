/**
 * The classic parser (DESIGN.md "Response parsing" 3), as LeadConduit Classic reads answers:
 * a valid-response pattern decides whether the buyer answered at all, a success pattern
 * decides what the answer was, a reason pattern extracts why.
 */
import type { ClassicParserConfig } from '../config/types.js';
import type { ConfigIssue } from '../errors.js';
import type { DecodedBody } from './content.js';
import { MAX_REASON_VALUES } from './limits.js';
import { compilePattern } from './patterns.js';
import type { Pattern, PatternRules } from './patterns.js';
import { generatedReason, joinReasons } from './reasons.js';
import { isSuccessStatus } from './status.js';
import type { BodyParser, Decision } from './types.js';

/** The keys a classic parser config may have. */
export const CLASSIC_KEYS = [
  'kind',
  'validPattern',
  'successPattern',
  'reasonPattern',
  'defaultReason',
];

interface ClassicPatterns {
  valid: Pattern | undefined;
  success: Pattern | undefined;
  reason: Pattern | undefined;
}

/**
 * Compiles the patterns of a classic parser; issues name `${path}.<key>`. Rules: validPattern
 * and reasonPattern need exactly one capture group, successPattern may have any.
 */
export function compileClassic(
  config: ClassicParserConfig,
  path: string,
): { parser?: BodyParser; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  const compile = (key: keyof ClassicParserConfig, rules: PatternRules): Pattern | undefined => {
    const source = config[key];
    if (source === undefined) return undefined;
    const result = compilePattern(source, rules);
    if (result.ok) return result.pattern;
    issues.push({ path: `${path}.${key}`, message: result.message });
    return undefined;
  };

  const patterns: ClassicPatterns = {
    valid: compile('validPattern', { groups: 1 }),
    success: compile('successPattern', {}),
    reason: compile('reasonPattern', { groups: 1 }),
  };
  if (issues.length > 0) return { issues };
  return { parser: classicParser(patterns, config.defaultReason), issues };
}

/**
 * Without a validPattern the whole body is the captured text. Without a successPattern the
 * status decides: a valid answer with a 2xx status is success, any other is failure — so a
 * parser left half-configured never turns a 4xx into a success.
 */
function classicParser(patterns: ClassicPatterns, defaultReason: string | undefined): BodyParser {
  return {
    decide(body: DecodedBody, status: number): Decision {
      const text = body.text;
      let captured = text;
      if (patterns.valid !== undefined) {
        const group = patterns.valid.firstGroup(text);
        if (group === undefined) return { outcome: 'error', reason: invalidResponse(text, status) };
        captured = group;
      }

      const success =
        patterns.success === undefined
          ? isSuccessStatus(status)
          : patterns.success.test(captured.trim());
      if (success) return { outcome: 'success', reason: null };

      const extracted =
        patterns.reason === undefined
          ? undefined
          : joinReasons(patterns.reason.allGroups(text, MAX_REASON_VALUES));
      const decided =
        patterns.success === undefined
          ? 'not a 2xx status and no successPattern configured'
          : 'successPattern did not match';
      const missing =
        patterns.reason === undefined
          ? 'no reasonPattern configured'
          : 'reasonPattern did not match';
      return {
        outcome: 'failure',
        reason: extracted ?? defaultReason ?? generatedReason(status, decided, missing),
      };
    },
  };
}

function invalidResponse(text: string, status: number): string {
  const what = text.trim() === '' ? 'body is empty' : 'body did not match validPattern';
  return `invalid response: HTTP ${status} ${what}`;
}
