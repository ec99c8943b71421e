import { parseCasesFile, runParsingCase } from './cases.js';
import type { ParsingCase } from './cases.js';

const NOW = { nowMs: Date.UTC(2025, 0, 1) };
const CLASSIC = {
  kind: 'classic',
  validPattern: '<result>(.*)</result>',
  successPattern: '^success$',
};

function oneCase(raw: Record<string, unknown>): ParsingCase {
  const { cases, issues } = parseCasesFile({ cases: [{ id: 'c', parser: CLASSIC, ...raw }] });
  if (issues.length > 0 || cases[0] === undefined) throw new Error(JSON.stringify(issues));
  return cases[0];
}

describe('parseCasesFile', () => {
  test('fills in defaults', () => {
    const parsed = oneCase({ response: { status: 200 } });
    expect(parsed).toEqual({
      id: 'c',
      parser: CLASSIC,
      errorStatuses: [408, 429, '5xx'],
      response: { status: 200, headers: {}, body: '' },
    });
  });

  test.each([
    ['not an object', null, 'cases: must be an array of cases'],
    ['no case list', { cases: {} }, 'cases: must be an array of cases'],
    ['a case that is no object', { cases: [1] }, 'cases[0]: must be an object'],
    [
      'no id',
      { cases: [{ response: { status: 200 } }] },
      'cases[0].id: must be a non-empty string',
    ],
    ['no response', { cases: [{ id: 'a' }] }, 'cases[0].response: must be an object'],
    [
      'a status as text',
      { cases: [{ id: 'a', response: { status: '200' } }] },
      'cases[0].response.status: must be an integer',
    ],
    [
      'a header that is no string',
      { cases: [{ id: 'a', response: { status: 200, headers: { 'retry-after': 5 } } }] },
      'cases[0].response.headers: must map header names to strings',
    ],
    [
      'a body that is no string',
      { cases: [{ id: 'a', response: { status: 200, body: {} } }] },
      'cases[0].response.body: must be a string',
    ],
    [
      'a bad error status',
      { cases: [{ id: 'a', response: { status: 200 }, errorStatuses: ['6xx'] }] },
      'cases[0].errorStatuses: must list statuses such as 429 or "5xx"',
    ],
    [
      'expectations that are no object',
      { cases: [{ id: 'a', response: { status: 200 }, expect: 'ok' }] },
      'cases[0].expect: must be an object',
    ],
  ])('%s', (_name, raw, issue) => {
    expect(parseCasesFile(raw).issues.map((i) => `${i.path}: ${i.message}`)).toEqual([issue]);
  });
});

describe('runParsingCase', () => {
  const response = { status: 200, body: '<result>failure</result>' };

  test('a met expectation gives no mismatch', () => {
    const result = runParsingCase(
      oneCase({ response, expect: { outcome: 'failure', reasonMatches: '^HTTP 200' } }),
      NOW,
    );
    expect(result).toMatchObject({ id: 'c', outcome: 'failure', checked: true, mismatches: [] });
  });

  test('a case without expectations is not checked', () => {
    expect(runParsingCase(oneCase({ response }), NOW)).toMatchObject({
      checked: false,
      mismatches: [],
    });
  });

  test('each unmet expectation is one line', () => {
    const expectation = { outcome: 'success', reason: 'nope', reasonMatches: '^declined$' };
    const result = runParsingCase(oneCase({ response, expect: expectation }), NOW);
    expect(result.mismatches).toEqual([
      'outcome failure, expected success',
      expect.stringMatching(/^reason "HTTP 200 OK: .*", expected "nope"$/),
      expect.stringMatching(/^reason "HTTP 200 OK: .*" does not match \/\^declined\$\/$/),
    ]);
  });

  test('an expected null reason must be null', () => {
    const result = runParsingCase(oneCase({ response, expect: { reason: null } }), NOW);
    expect(result.mismatches).toEqual([
      expect.stringMatching(/^reason "HTTP 200 OK: .*", expected null$/),
    ]);
  });

  test('config errors are reported, and checked against configError', () => {
    const bad = { ...oneCase({ response }), parser: { kind: 'classic', validPattern: '(' } };
    const expected = runParsingCase({ ...bad, expect: { configError: true } }, NOW);
    const unexpected = runParsingCase({ ...bad, expect: { outcome: 'error' } }, NOW);
    const accepted = runParsingCase(oneCase({ response, expect: { configError: true } }), NOW);

    expect(expected).toEqual({
      id: 'c',
      configError: 'parser.validPattern: invalid regular expression: missing closing ): `(`',
      checked: true,
      mismatches: [],
    });
    expect(unexpected.mismatches).toEqual([
      expect.stringMatching(/^parser config rejected: parser\.validPattern/),
    ]);
    expect(accepted.mismatches).toEqual(['parser config was accepted, expected it rejected']);
  });
});
