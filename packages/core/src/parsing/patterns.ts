/**
 * Regular expressions that run on buyer bodies.
 *
 * Every pattern compiles to re2js (RE2 semantics), whose matching time is linear in the body
 * for any pattern: V8's backtracking engine spends 150 ms on 64 KiB of repeated `<result>`
 * against the everyday `<result>(.*)</result>`, growing with the square of the body, where
 * re2js takes milliseconds on 1 MiB (DESIGN.md "Response parsing" 5).
 *
 * No ReDoS detector (such as redos-detector) is run on patterns, on purpose: catastrophic
 * backtracking cannot happen on an engine that does not backtrack, and detectors flag the
 * patterns users actually write (`<result>(.*)</result>` is "polynomial" to them), so their
 * verdicts would be either rejections of everyday patterns or warnings nobody can act on.
 * What does cost time on RE2 — large counted repetitions and huge programs, whose matcher
 * states multiply the per-byte cost — is bounded here instead (`MAX_REPETITION_WEIGHT`,
 * `MAX_PATTERN_PROGRAM_SIZE`), and what RE2 cannot express (lookaround, backreferences) is
 * rejected with a message that says so.
 *
 * Syntax: RE2's, written bare (`<result>(.*)</result>`) or as `/…/flags` with flags i
 * (case-insensitive), m (`^`/`$` at line breaks) and s (accepted; dot already matches
 * newlines). Patterns are searched, not anchored. Defaults: dot matches newlines (buyers
 * pretty-print), case-sensitive, `^`/`$` anchor the whole text. Inline groups such as `(?i)`,
 * `(?m)` or `(?-s)` work too.
 */
import { RE2JS } from 're2js';
import { MAX_PATTERN_PROGRAM_SIZE, MAX_REPETITION_WEIGHT } from './limits.js';

/** How a pattern is compiled and what it must look like. */
export interface PatternRules {
  /** Match regardless of case, whatever the flags say (search terms). Default false. */
  caseInsensitive?: boolean;
  /** Exact number of capture groups required; absent: any number. */
  groups?: number;
}

/** The outcome of compiling a configured pattern. */
export type PatternResult = { ok: true; pattern: Pattern } | { ok: false; message: string };

/** A compiled, validated pattern. Matching never throws on any input text. */
export class Pattern {
  constructor(
    private readonly re2: RE2JS,
    /** The pattern as configured. */
    readonly source: string,
  ) {}

  /** True when the pattern matches anywhere in `text`. */
  test(text: string): boolean {
    return this.re2.test(text);
  }

  /** Group 1 of the first match ("" when that group took no part); undefined when no match. */
  firstGroup(text: string): string | undefined {
    // The boolean test runs on re2js's DFA; the capturing matcher only runs when it matters.
    if (!this.re2.test(text)) return undefined;
    const matcher = this.re2.matcher(text);
    return matcher.find() ? (matcher.group(1) ?? '') : undefined;
  }

  /** Group 1 of successive non-overlapping matches, in document order, at most `max`. */
  allGroups(text: string, max: number): string[] {
    const found: string[] = [];
    if (!this.re2.test(text)) return found;
    const matcher = this.re2.matcher(text);
    while (found.length < max && matcher.find()) found.push(matcher.group(1) ?? '');
    return found;
  }
}

/**
 * Compiles a configured pattern (bare or `/…/flags`) for matching buyer bodies, or explains
 * why it cannot be used. Messages start with "invalid regular expression:" for anything the
 * engine rejects, and name the limit for patterns that would be too costly.
 */
export function compilePattern(source: string, rules: PatternRules = {}): PatternResult {
  if (source === '') return { ok: false, message: 'must not be empty' };
  const literal = splitFlags(source);
  if ('message' in literal) return { ok: false, message: literal.message };
  if (literal.body === '') return { ok: false, message: 'must not be empty' };

  const scan = scanPattern(literal.body);
  if (scan.unsupported !== undefined) {
    return { ok: false, message: `invalid regular expression: ${scan.unsupported}` };
  }

  let flags = RE2JS.DOTALL;
  if (rules.caseInsensitive === true || literal.flags.includes('i')) {
    flags |= RE2JS.CASE_INSENSITIVE;
  }
  if (literal.flags.includes('m')) flags |= RE2JS.MULTILINE;
  let re2: RE2JS;
  try {
    re2 = RE2JS.compile(literal.body, flags);
  } catch (error) {
    return {
      ok: false,
      message: `invalid regular expression: ${engineMessage(literal.body, error)}`,
    };
  }

  return (
    checkRules(re2, scan.repetitionWeight, rules) ?? { ok: true, pattern: new Pattern(re2, source) }
  );
}

/** The required group count, then the cost limits; undefined when the pattern passes. */
function checkRules(
  re2: RE2JS,
  repetitionWeight: number,
  rules: PatternRules,
): { ok: false; message: string } | undefined {
  const groups = re2.groupCount();
  if (rules.groups !== undefined && groups !== rules.groups) {
    const expected =
      rules.groups === 1 ? 'exactly one capture group' : `${rules.groups} capture groups`;
    return { ok: false, message: `must have ${expected} (has ${groups})` };
  }
  if (repetitionWeight > MAX_REPETITION_WEIGHT) {
    return {
      ok: false,
      message:
        `too costly for large bodies: counted repetitions add up to ${repetitionWeight} ` +
        `(limit ${MAX_REPETITION_WEIGHT}); RE2 keeps one state per repetition, so use *, + or smaller counts`,
    };
  }
  const size = re2.programSize();
  if (size > MAX_PATTERN_PROGRAM_SIZE) {
    return {
      ok: false,
      message: `too complex: compiles to ${size} instructions (limit ${MAX_PATTERN_PROGRAM_SIZE})`,
    };
  }
  return undefined;
}

const SUPPORTED_FLAGS = new Set(['i', 'm', 's']);

/** Splits `/body/flags` into its parts; any other text is a bare pattern without flags. */
function splitFlags(source: string): { body: string; flags: string } | { message: string } {
  const close = source.lastIndexOf('/');
  if (!source.startsWith('/') || close <= 0) return { body: source, flags: '' };
  const flags = source.slice(close + 1);
  // `/leads/(\d+)` ends in something that is no flag list: it is a bare pattern.
  if (!/^[A-Za-z]*$/.test(flags)) return { body: source, flags: '' };
  const unsupported = [...flags].filter((flag) => !SUPPORTED_FLAGS.has(flag));
  if (unsupported.length > 0) {
    const list = unsupported.map((flag) => `"${flag}"`).join(', ');
    return {
      message: `invalid regular expression: unsupported flag ${list} in /…/${flags} (supported: i, m, s)`,
    };
  }
  return { body: source.slice(1, close), flags };
}

interface Scan {
  /** Why RE2 cannot run the pattern, when it uses lookaround or backreferences. */
  unsupported?: string;
  /** Counted repetitions, nested ones multiplied (see `MAX_REPETITION_WEIGHT`). */
  repetitionWeight: number;
}

const LOOKAROUND = ['(?<=', '(?<!', '(?=', '(?!'];
const COUNTED_REPETITION = /^\{([0-9]{1,4})(?:(,)([0-9]{0,4}))?\}/;

/**
 * Walks the pattern once: finds what RE2 lacks (so the message can say so plainly instead of
 * re2js's "invalid escape sequence") and adds up counted repetitions.
 */
function scanPattern(body: string): Scan {
  // Each open group keeps the weight of its content so far and of its last atom.
  const frames: { total: number; last: number }[] = [{ total: 0, last: 0 }];
  const top = (): { total: number; last: number } =>
    frames[frames.length - 1] ?? { total: 0, last: 0 };
  const atom = (weight: number): void => {
    top().total += weight;
    top().last = weight;
  };

  for (let i = 0; i < body.length; i++) {
    const char = body[i];
    if (char === '\\') {
      const next = body[i + 1] ?? '';
      if (/[1-9]/.test(next) || (next === 'k' && body[i + 2] === '<')) {
        return { unsupported: unsupportedBackreference(next), repetitionWeight: 0 };
      }
      // \Q…\E quotes everything up to \E literally.
      i = next === 'Q' ? quotedEnd(body, i) : i + 1;
      atom(0);
    } else if (char === '[') {
      i = classEnd(body, i);
      atom(0);
    } else if (char === '(') {
      const look = LOOKAROUND.find((opening) => body.startsWith(opening, i));
      if (look !== undefined) {
        return { unsupported: unsupportedLookaround(look), repetitionWeight: 0 };
      }
      frames.push({ total: 0, last: 0 });
    } else if (char === ')' && frames.length > 1) {
      const inner = frames.pop()?.total ?? 0;
      atom(inner);
    } else if (char === '{') {
      const counted = COUNTED_REPETITION.exec(body.slice(i, i + 12));
      if (counted === null) {
        atom(0);
        continue;
      }
      const [text, low = '0', comma, high = ''] = counted;
      const count = comma === undefined || high === '' ? Number(low) : Number(high);
      const frame = top();
      const weight = count * Math.max(1, frame.last);
      frame.total += weight - frame.last;
      frame.last = weight;
      i += text.length - 1;
    } else if (char !== '*' && char !== '+' && char !== '?' && char !== '|') {
      atom(0);
    }
  }
  return { repetitionWeight: frames.reduce((sum, frame) => sum + frame.total, 0) };
}

/** Index of the `]` closing the class opened at `start` (RE2: a leading `]` is literal). */
function classEnd(body: string, start: number): number {
  let i = start + 1;
  if (body[i] === '^') i++;
  if (body[i] === ']') i++;
  for (; i < body.length; i++) {
    if (body[i] === '\\') i++;
    else if (body.startsWith('[:', i)) i = Math.max(i, body.indexOf(':]', i + 2) + 1);
    else if (body[i] === ']') return i;
  }
  return body.length;
}

function quotedEnd(body: string, start: number): number {
  const end = body.indexOf('\\E', start + 2);
  return end < 0 ? body.length : end + 1;
}

function unsupportedLookaround(opening: string): string {
  return (
    `lookaround "${opening}…)" is not supported: patterns run on RE2, ` +
    'a linear-time engine without lookahead or lookbehind'
  );
}

function unsupportedBackreference(next: string): string {
  const shown = next === 'k' ? '\\k<name>' : `\\${next}`;
  return (
    `backreference "${shown}" is not supported: patterns run on RE2, ` +
    'a linear-time engine without backreferences'
  );
}

/**
 * re2js's description without its "error parsing regexp:" prefix. re2js writes flags as a
 * `(?s)` prefix into the text it quotes, so the pattern is compiled once more without flags
 * for a message that quotes what the user wrote.
 */
function engineMessage(body: string, error: unknown): string {
  let message = error instanceof Error ? error.message : String(error);
  try {
    RE2JS.compile(body);
  } catch (plain) {
    if (plain instanceof Error) message = plain.message;
  }
  return message.replace(/^error parsing regexp:\s*/, '');
}
