import { checkKeys, checkUnique, readId, readInteger } from './issues.js';
import { collect } from './test-support/fixtures.js';

const allowed = ['timeoutMs', 'maxResponseBytes', 'headers', 'url'];

test.each([
  ['timeout', 'unknown key (did you mean timeoutMs?)'],
  ['timeoutms', 'unknown key (did you mean timeoutMs?)'],
  ['header', 'unknown key (did you mean headers?)'],
  ['uri', 'unknown key (did you mean url?)'],
  ['colour', 'unknown key'],
])('checkKeys: %s → %s', (key, message) => {
  const { issues } = collect((c) => checkKeys(c, { url: 'x', [key]: 1 }, allowed, ['d']));
  expect(issues).toEqual([{ path: `d.${key}`, message }]);
});

test.each([
  ['abc', 'abc', []],
  ['A_b-9', 'A_b-9', []],
  ['x'.repeat(64), 'x'.repeat(64), []],
  [undefined, '', ['c.id: is required']],
  [7, '', ['c.id: must be a string']],
  ['', '', ['c.id: must not be empty']],
  ['a:b', '', ['c.id: must be 1 to 64 characters from A-Z, a-z, 0-9, _ and -']],
  ['a b', '', ['c.id: must be 1 to 64 characters from A-Z, a-z, 0-9, _ and -']],
  ['x'.repeat(65), '', ['c.id: must be 1 to 64 characters from A-Z, a-z, 0-9, _ and -']],
])('readId(%j)', (id, expected, lines) => {
  const { value, issues } = collect((c) => readId(c, { id }, 'id', ['c']));
  expect(value).toBe(expected);
  expect(issues.map((i) => `${i.path}: ${i.message}`)).toEqual(lines);
});

test.each([
  [undefined, 5, []],
  [null, 5, []],
  [1, 1, []],
  [10, 10, []],
  [0, 5, ['t: must be an integer from 1 to 10']],
  [11, 5, ['t: must be an integer from 1 to 10']],
  [2.5, 5, ['t: must be an integer from 1 to 10']],
  ['3', 5, ['t: must be an integer from 1 to 10']],
])('readInteger(%j)', (t, expected, lines) => {
  const range = { min: 1, max: 10, fallback: 5 };
  const { value, issues } = collect((c) => readInteger(c, { t }, 't', [], range));
  expect(value).toBe(expected);
  expect(issues.map((i) => `${i.path}: ${i.message}`)).toEqual(lines);
});

test('checkUnique reports each repeat after the first and skips empty values', () => {
  const entries = ['a', 'b', 'a', '', '', 'a'].map((value, index) => ({
    value,
    path: ['x', index],
  }));
  const { issues } = collect((c) =>
    checkUnique(c, entries, (first) => `repeats ${first.join('/')}`),
  );
  expect(issues).toEqual([
    { path: 'x[2]', message: 'repeats x/0' },
    { path: 'x[5]', message: 'repeats x/0' },
  ]);
});
