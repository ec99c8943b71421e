/**
 * The search parser (DESIGN.md "Response parsing" 4), as modern LeadConduit reads answers: a
 * case-insensitive search term looked for in the body, or at a path chosen by the body's kind;
 * found gives the configured outcome, not found its opposite.
 */
import type { Outcome, SearchParserConfig } from '../config/types.js';
import type { ConfigIssue } from '../errors.js';
import type { DecodedBody } from './content.js';
import { contentKind, kindOfMediaType } from './content-type.js';
import type { ContentKind } from './content-type.js';
import { compilePattern } from './patterns.js';
import type { Pattern } from './patterns.js';
import { generatedReason, joinReasons, statusReason } from './reasons.js';
import { BodyDocument, compilePathSpec } from './search-paths.js';
import type { PathSpec } from './search-paths.js';
import { isSuccessStatus } from './status.js';
import type { BodyParser, Decision } from './types.js';

/** The keys a search parser config may have. */
export const SEARCH_KEYS = [
  'kind',
  'term',
  'path',
  'onMatch',
  'reasonPath',
  'defaultReason',
  'contentType',
];

interface CompiledSearch {
  term: Pattern | undefined;
  path: PathSpec | undefined;
  /** Default success. */
  onMatch: Outcome;
  reasonPath: PathSpec | undefined;
  defaultReason: string | undefined;
  contentType: string | undefined;
}

/**
 * What the opposite of `onMatch` is when the term is not found: failure for success, success
 * for failure and for error (a buyer that is not down answered).
 */
function oppositeOutcome(onMatch: Outcome): Outcome {
  return onMatch === 'success' ? 'failure' : 'success';
}

/**
 * Compiles a search parser; issues name `${path}.<key>`. The term is always case-insensitive.
 * With `contentType` set, `path` and `reasonPath` need only the reading of that kind.
 */
export function compileSearch(
  config: SearchParserConfig,
  path: string,
): { parser?: BodyParser; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  const override =
    config.contentType === undefined ? undefined : kindOfMediaType(config.contentType);
  const pathKinds: ContentKind[] = override === undefined ? ['json', 'xml'] : [override];
  const reasonKinds: ContentKind[] = override === undefined ? ['json', 'xml', 'text'] : [override];

  let term: Pattern | undefined;
  if (config.term !== undefined) {
    const result = compilePattern(config.term, { caseInsensitive: true });
    if (result.ok) term = result.pattern;
    else issues.push({ path: `${path}.term`, message: result.message });
  }
  const spec = (key: 'path' | 'reasonPath', kinds: ContentKind[]): PathSpec | undefined => {
    const source = config[key];
    if (source === undefined) return undefined;
    if (kinds.length === 1 && kinds[0] === 'text' && key === 'path') {
      issues.push({
        path: `${path}.path`,
        message: `has no effect on text bodies (contentType ${config.contentType})`,
      });
      return undefined;
    }
    const result = compilePathSpec(source, kinds);
    if (result.ok) return result.spec;
    issues.push({ path: `${path}.${key}`, message: result.message });
    return undefined;
  };
  const compiled: CompiledSearch = {
    term,
    path: spec('path', pathKinds),
    onMatch: config.onMatch ?? 'success',
    reasonPath: spec('reasonPath', reasonKinds),
    defaultReason: config.defaultReason,
    contentType: config.contentType,
  };
  if (issues.length > 0) return { issues };
  return { parser: searchParser(compiled), issues };
}

function searchParser(config: CompiledSearch): BodyParser {
  return {
    decide(body: DecodedBody, status: number): Decision {
      const document = new BodyDocument(
        contentKind(config.contentType, body.mediaType, body.text),
        body.text,
      );
      const term = config.term;
      // No term: the status alone decides, and a non-2xx answer is never a success.
      if (term === undefined) {
        if (isSuccessStatus(status)) return { outcome: 'success', reason: null };
        return failWith(
          config,
          document,
          status,
          'failure',
          'not a 2xx status and no search term configured',
        );
      }

      let matched: boolean;
      let where = 'in the body';
      if (config.path !== undefined && document.kind !== 'text') {
        const selection = document.select(config.path, 'path');
        if ('problem' in selection) {
          return { outcome: 'error', reason: statusReason(status, selection.problem) };
        }
        matched = selection.values.some((value) => term.test(value));
        where =
          selection.values.length === 0
            ? `(nothing at path ${config.path.source})`
            : `at path ${config.path.source}`;
      } else {
        matched = term.test(document.text);
      }

      const outcome = matched ? config.onMatch : oppositeOutcome(config.onMatch);
      if (outcome === 'success') return { outcome, reason: null };
      const decided = matched
        ? `search term matched ${where} (onMatch ${config.onMatch})`
        : `search term did not match ${where}`;
      return failWith(config, document, status, outcome, decided);
    },
  };
}

/** A failure or error with the best reason available: reasonPath, defaultReason, generated. */
function failWith(
  config: CompiledSearch,
  document: BodyDocument,
  status: number,
  outcome: 'failure' | 'error',
  decided: string,
): Decision {
  let missing = 'no reasonPath configured';
  if (config.reasonPath !== undefined) {
    const selection = document.select(config.reasonPath, 'reasonPath');
    if ('problem' in selection) {
      if (selection.bodyInvalid) {
        return { outcome: 'error', reason: statusReason(status, selection.problem) };
      }
      missing = selection.problem;
    } else {
      const extracted = joinReasons(selection.values);
      if (extracted !== undefined) return { outcome, reason: extracted };
      missing = `nothing found at reasonPath ${config.reasonPath.source}`;
    }
  }
  return { outcome, reason: config.defaultReason ?? generatedReason(status, decided, missing) };
}
