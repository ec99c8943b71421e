import { parseForm } from './form.js';

describe('parseForm', () => {
  test.each([
    [
      'utf-8 by default',
      Buffer.from('name=Jos%C3%A9&city=S%C3%A3o+Paulo'),
      undefined,
      { name: 'José', city: 'São Paulo' },
    ],
    [
      'declared latin1, percent-encoded',
      Buffer.from('name=Jos%E9'),
      'application/x-www-form-urlencoded; charset=iso-8859-1',
      { name: 'José' },
    ],
    [
      'declared latin1, raw bytes',
      Buffer.from([0x6e, 0x3d, 0x53, 0xe3, 0x6f]),
      'application/x-www-form-urlencoded; charset="ISO-8859-1"',
      { n: 'São' },
    ],
    [
      'repeated keys become an array',
      Buffer.from('a=1&a=2&a=3&b'),
      undefined,
      { a: ['1', '2', '3'], b: '' },
    ],
    [
      'separators inside values stay encoded',
      Buffer.from('q=a%26b%3Dc'),
      undefined,
      { q: 'a&b=c' },
    ],
    ['__proto__ is an ordinary key', Buffer.from('__proto__=x'), undefined, { ['__proto__']: 'x' }],
  ])('%s', (_name, raw, contentType, expected) => {
    expect({ ...parseForm(raw, contentType) }).toEqual(expected);
  });

  test('an unknown charset is a 415', () => {
    expect(() =>
      parseForm(Buffer.from('a=1'), 'application/x-www-form-urlencoded; charset=klingon'),
    ).toThrow(expect.objectContaining({ statusCode: 415 }));
  });
});
