import { US_STATE_CODES, usStateCode } from './us-states.js';

test('covers the 50 states, DC and five territories', () => {
  expect(US_STATE_CODES).toHaveLength(56);
  for (const code of ['DC', 'PR', 'GU', 'VI', 'AS', 'MP']) expect(US_STATE_CODES).toContain(code);
});

test.each(US_STATE_CODES.map((code) => [code]))('%s maps to itself in any case', (code) => {
  expect(usStateCode(code)).toBe(code);
  expect(usStateCode(code.toLowerCase())).toBe(code);
});

test.each([
  ['West Virginia', 'WV'],
  ['north carolina', 'NC'],
  [' Rhode   Island ', 'RI'],
  ['Virgin Islands', 'VI'],
  ['Northern Marianas', 'MP'],
  ['Washington DC', 'DC'],
  ['Britsh Columbia', undefined],
  ['', undefined],
])('%j → %j', (value, expected) => {
  expect(usStateCode(value)).toBe(expected);
});
