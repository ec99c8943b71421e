import { jsonValueText, parseJsonPath, selectJson } from './json-path.js';
import type { JsonPath } from './json-path.js';
import { MAX_PATH_VALUES } from './limits.js';

function path(source: string): JsonPath {
  const result = parseJsonPath(source);
  if (!result.ok) throw new Error(result.message);
  return result.path;
}

const DOCUMENT = {
  status: 'invalid',
  result: { success: false, code: 42, note: null },
  errors: [
    { field: 'phone', message: 'invalid phone' },
    { field: 'zip', message: 'bad zip' },
  ],
  tags: ['a', 'b'],
  'lead-id': 'L1',
};

describe('selectJson', () => {
  test.each([
    ['status', ['invalid']],
    ['result.success', [false]],
    ['result.code', [42]],
    ['result.note', []],
    ['result.missing', []],
    ['errors.1.message', ['bad zip']],
    ['errors[1].message', ['bad zip']],
    ['errors.*.message', ['invalid phone', 'bad zip']],
    ['errors[*].field', ['phone', 'zip']],
    ['errors.7.message', []],
    ['tags', ['a', 'b']],
    ['result.*', [false, 42]],
    ['lead-id', ['L1']],
    ['status.length', []],
  ])('%s', (source, expected) => {
    expect(selectJson(DOCUMENT, path(source))).toEqual(expected);
  });

  test('a top-level array is indexed by number', () => {
    expect(selectJson([{ status: 'accepted' }], path('0.status'))).toEqual(['accepted']);
  });

  test('a number names a key of an object', () => {
    expect(selectJson({ '1': 'one' }, path('1'))).toEqual(['one']);
  });

  test('inherited properties are not values', () => {
    expect(selectJson({}, path('constructor'))).toEqual([]);
    expect(selectJson({}, path('__proto__'))).toEqual([]);
  });

  test(`a wildcard over a huge array stops at ${MAX_PATH_VALUES} values`, () => {
    const huge = { items: Array.from({ length: 50_000 }, (_, i) => ({ id: i })) };
    expect(selectJson(huge, path('items.*.id'))).toHaveLength(MAX_PATH_VALUES);
  });
});

describe('parseJsonPath', () => {
  test.each([
    ['', 'empty segment at position 0'],
    ['a..b', 'unexpected "." at position 2'],
    ['a.', 'empty segment at position 2'],
    ['/response/status', 'unexpected "/" at position 0'],
    ['errors[x]', 'bracket needs an index or * at position 6'],
    ['errors[1', 'bracket needs an index or *'],
    ['a b', 'unexpected " " at position 1'],
    ['^rejected\\|(.*)$', 'unexpected "^" at position 0'],
  ])('%j is rejected', (source, message) => {
    const result = parseJsonPath(source);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(`invalid JSON path: ${message}`);
  });
});

describe('jsonValueText', () => {
  test.each([
    ['text', 'text'],
    [true, 'true'],
    [42, '42'],
    [1.5, '1.5'],
    [{ a: [1] }, '{"a":[1]}'],
  ])('%j → %s', (value, expected) => {
    expect(jsonValueText(value)).toBe(expected);
  });
});
