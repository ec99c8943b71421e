import { RE2JS } from 're2js';

const PARSER_PREFIX = /^error parsing regexp:\s*/;
const UNSUPPORTED = /\(\?<?[=!]|\\[1-9]/;

/**
 * Checks that a pattern compiles on the linear-time engine (re2js, RE2 syntax). Returns the
 * issue message when it does not: `invalid regular expression: <what re2js says>`, with a hint
 * when the pattern uses lookaround or backreferences, which RE2 cannot express.
 */
export function checkPattern(pattern: string): string | undefined {
  try {
    RE2JS.compile(pattern);
    return undefined;
  } catch (error) {
    const detail = error instanceof Error ? error.message.replace(PARSER_PREFIX, '') : '';
    const hint = UNSUPPORTED.test(pattern)
      ? ' (lookaround and backreferences are not supported by the linear-time engine)'
      : '';
    return `invalid regular expression${detail ? `: ${detail}` : ''}${hint}`;
  }
}
