import { ConfigError } from '../errors.js';
import { compileParser, validateParserConfig } from './index.js';

const PATH = 'campaigns[0].destinations[1].parser';

/** The issues for `raw`, as `path: message` lines. */
function issues(raw: unknown): string[] {
  return validateParserConfig(raw, PATH).issues.map((issue) => `${issue.path}: ${issue.message}`);
}

describe('validateParserConfig accepts', () => {
  test.each([
    [{ kind: 'classic' }],
    [
      {
        kind: 'classic',
        validPattern: '<result>(.*)</result>',
        successPattern: '^success$',
        reasonPattern: '<reason>([^<]*)</reason>',
        defaultReason: 'no reason given',
      },
    ],
    [{ kind: 'search' }],
    [{ kind: 'search', defaultReason: 'declined', reasonPath: 'errors.*.message' }],
    [{ kind: 'search', term: 'accepted', path: 'status', onMatch: 'failure' }],
    [{ kind: 'search', term: 'ok', path: '/response/status', reasonPath: '/response/reason' }],
    [{ kind: 'search', term: 'ok', reasonPath: '^rejected\\|(.*)$' }],
    [{ kind: 'search', term: 'ok', path: 'status', contentType: 'application/json' }],
    [{ kind: 'search', term: 'ok', reasonPath: 'reason: (.*)', contentType: 'text/plain' }],
  ])('%j', (raw) => {
    const result = validateParserConfig(raw, PATH);
    expect(result.issues).toEqual([]);
    expect(result.config).toEqual(raw);
  });
});

describe('validateParserConfig rejects', () => {
  test.each([
    ['not an object', 'classic', [`${PATH}: must be an object (kind: classic or search)`]],
    ['an array', [], [`${PATH}: must be an object (kind: classic or search)`]],
    ['no kind', {}, [`${PATH}.kind: is required (classic or search)`]],
    [
      'an unknown kind',
      { kind: 'regex' },
      [`${PATH}.kind: must be classic or search (got "regex")`],
    ],
    [
      'an unknown key',
      { kind: 'classic', succesPattern: 'ok' },
      [
        `${PATH}.succesPattern: unknown key (a classic parser takes validPattern, successPattern, reasonPattern, defaultReason)`,
      ],
    ],
    [
      'a search key on a classic parser',
      { kind: 'classic', term: 'ok' },
      [
        `${PATH}.term: unknown key (a classic parser takes validPattern, successPattern, reasonPattern, defaultReason)`,
      ],
    ],
    [
      'a number for a pattern',
      { kind: 'classic', successPattern: 1 },
      [`${PATH}.successPattern: must be a string (got number)`],
    ],
    [
      'null for a pattern',
      { kind: 'classic', validPattern: null },
      [`${PATH}.validPattern: must be a string (got null)`],
    ],
    [
      'an empty default reason',
      { kind: 'classic', defaultReason: ' ' },
      [`${PATH}.defaultReason: must not be empty`],
    ],
    [
      'an invalid regular expression',
      { kind: 'classic', successPattern: '([0-9]' },
      [`${PATH}.successPattern: invalid regular expression: missing closing ): \`([0-9]\``],
    ],
    [
      'a valid pattern with two groups',
      { kind: 'classic', validPattern: '(a)(b)' },
      [`${PATH}.validPattern: must have exactly one capture group (has 2)`],
    ],
    [
      'a reason pattern without a group',
      { kind: 'classic', reasonPattern: '<reason>' },
      [`${PATH}.reasonPattern: must have exactly one capture group (has 0)`],
    ],
    [
      'lookahead',
      { kind: 'classic', successPattern: 'ok(?!ay)' },
      [
        `${PATH}.successPattern: invalid regular expression: lookaround "(?!…)" is not supported: patterns run on RE2, a linear-time engine without lookahead or lookbehind`,
      ],
    ],
    [
      'a backreference',
      { kind: 'search', term: '(a)\\1' },
      [
        `${PATH}.term: invalid regular expression: backreference "\\1" is not supported: patterns run on RE2, a linear-time engine without backreferences`,
      ],
    ],
    [
      'an unknown onMatch',
      { kind: 'search', term: 'ok', onMatch: 'stop' },
      [`${PATH}.onMatch: must be one of success, failure, error (got "stop")`],
    ],
    [
      'path without a term',
      { kind: 'search', path: 'status' },
      [`${PATH}.path: has no effect without term`],
    ],
    [
      'onMatch without a term',
      { kind: 'search', onMatch: 'error' },
      [`${PATH}.onMatch: has no effect without term`],
    ],
    [
      'a path that is neither JSON path nor XPath',
      { kind: 'search', term: 'ok', path: 'status=' },
      [
        `${PATH}.path: is not a JSON path or an XPath: invalid JSON path: unexpected "=" at position 6 (paths look like errors.0.message or errors.*.message); invalid XPath: XPath parse error`,
      ],
    ],
    [
      'a reasonPath usable for no kind of body',
      { kind: 'search', term: 'ok', reasonPath: '#reason' },
      [
        `${PATH}.reasonPath: is not a JSON path, an XPath or a regular expression with one capture group: invalid JSON path: unexpected "#" at position 0 (paths look like errors.0.message or errors.*.message); invalid XPath: Unexpected character #; as a regular expression: must have exactly one capture group (has 0)`,
      ],
    ],
    [
      'an XPath with an unknown function',
      { kind: 'search', term: 'ok', path: 'bogus(/r)', contentType: 'xml' },
      [`${PATH}.path: invalid XPath: Unknown function bogus`],
    ],
    [
      'a JSON path when the override says JSON',
      { kind: 'search', term: 'ok', path: '/response/status', contentType: 'application/json' },
      [
        `${PATH}.path: invalid JSON path: unexpected "/" at position 0 (paths look like errors.0.message or errors.*.message)`,
      ],
    ],
    [
      'a path on bodies forced to text',
      { kind: 'search', term: 'ok', path: 'status', contentType: 'text/plain' },
      [`${PATH}.path: has no effect on text bodies (contentType text/plain)`],
    ],
    [
      'a text reasonPath without a group',
      { kind: 'search', term: 'ok', reasonPath: 'reason', contentType: 'text' },
      [`${PATH}.reasonPath: as a regular expression: must have exactly one capture group (has 0)`],
    ],
    [
      'an unusable contentType',
      { kind: 'search', term: 'ok', contentType: 'jason' },
      [
        `${PATH}.contentType: must be a media type such as application/json, or one of json, xml, text, html`,
      ],
    ],
  ])('%s', (_name, raw, expected) => {
    const result = validateParserConfig(raw, PATH);
    expect(issues(raw)).toEqual(expected);
    expect(result.config).toBeUndefined();
  });

  test('every issue is reported, not just the first', () => {
    expect(issues({ kind: 'search', term: '(', path: '', reasonPath: 3, extra: true })).toEqual([
      `${PATH}.extra: unknown key (a search parser takes term, path, onMatch, reasonPath, defaultReason, contentType)`,
      `${PATH}.path: must not be empty`,
      `${PATH}.reasonPath: must be a string (got number)`,
      `${PATH}.term: invalid regular expression: missing closing ): \`(\``,
    ]);
  });

  test('a top-level parser has paths without a leading dot', () => {
    expect(validateParserConfig({ kind: 'x' }, '').issues).toEqual([
      { path: 'kind', message: 'must be classic or search (got "x")' },
    ]);
  });
});

describe('compileParser', () => {
  test('throws ConfigError with every issue for config that was never validated', () => {
    const compile = (): unknown =>
      compileParser({ kind: 'classic', validPattern: '(a)(b)', reasonPattern: 'x' });
    expect(compile).toThrow(ConfigError);
    expect(compile).toThrow(
      'parser.validPattern: must have exactly one capture group (has 2)\n' +
        'parser.reasonPattern: must have exactly one capture group (has 0)',
    );
  });
});
