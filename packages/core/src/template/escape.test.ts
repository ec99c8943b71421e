import {
  encodeFormPairs,
  escapeJsonString,
  escapeUrlComponent,
  escapeXml,
  sanitizeHeaderValue,
  toWellFormed,
} from './escape.js';

const LONE_HIGH = '\uD83D';
const LONE_LOW = '\uDE00';
const SMILE = '\u{1F600}';

describe('escaping', () => {
  test.each([
    ['well formed', `a${SMILE}b`, `a${SMILE}b`],
    ['lone high surrogate', `a${LONE_HIGH}b`, 'a\uFFFDb'],
    ['lone low surrogate', `a${LONE_LOW}`, 'a\uFFFD'],
    ['reversed pair', `${LONE_LOW}${LONE_HIGH}`, '\uFFFD\uFFFD'],
  ])('toWellFormed: %s', (_name, input, expected) => {
    expect(toWellFormed(input)).toBe(expected);
  });

  test.each([
    ['reserved characters', 'a&b=c?d#e/f', 'a%26b%3Dc%3Fd%23e%2Ff'],
    ['space and plus', 'a b+c', 'a%20b%2Bc'],
    ['CR LF', 'a\r\nb', 'a%0D%0Ab'],
    ['unicode', `é${SMILE}`, '%C3%A9%F0%9F%98%80'],
    ['placeholder marker', '#{x}', '%23%7Bx%7D'],
    ['lone surrogate does not throw', LONE_HIGH, '%EF%BF%BD'],
  ])('escapeUrlComponent: %s', (_name, input, expected) => {
    expect(escapeUrlComponent(input)).toBe(expected);
  });

  test.each([
    ['quotes and backslash', 'a"b\\c', 'a\\"b\\\\c'],
    ['CR LF tab', 'a\r\n\tb', 'a\\r\\n\\tb'],
    ['control character', '\u0001', '\\u0001'],
    ['unicode kept', `é${SMILE}`, `é${SMILE}`],
    ['lone surrogate replaced', LONE_HIGH, '\uFFFD'],
    ['xml-ish text kept', '<a>&amp;', '<a>&amp;'],
  ])('escapeJsonString: %s', (_name, input, expected) => {
    expect(escapeJsonString(input)).toBe(expected);
    expect(JSON.parse(`"${escapeJsonString(input)}"`)).toBe(toWellFormed(input));
  });

  test.each([
    ['the five specials', `& < > " '`, '&amp; &lt; &gt; &quot; &apos;'],
    ['existing entity is escaped again', '&amp;', '&amp;amp;'],
    ['CR LF tab kept', 'a\r\n\tb', 'a\r\n\tb'],
    ['control characters dropped', 'a\u0000\u0008\u000B\u001Fb', 'ab'],
    ['U+FFFE and U+FFFF dropped', 'a\uFFFE\uFFFFb', 'ab'],
    ['lone surrogate dropped', `a${LONE_HIGH}b`, 'ab'],
    ['astral character kept', `é${SMILE}`, `é${SMILE}`],
  ])('escapeXml: %s', (_name, input, expected) => {
    expect(escapeXml(input)).toBe(expected);
  });

  test.each([
    ['CR LF injection', 'v\r\nX-Evil: 1', 'vX-Evil: 1'],
    ['NUL, tab, DEL, C1', 'a\u0000\t\u007F\u0085b', 'ab'],
    ['Latin-1 dropped: a buyer would read it as UTF-8 bytes', 'José ü', 'Jos '],
    ['beyond ASCII dropped', `a€${SMILE}b`, 'ab'],
    ['printable ASCII kept', 'Bearer abc=/+;,"', 'Bearer abc=/+;,"'],
  ])('sanitizeHeaderValue: %s', (_name, input, expected) => {
    expect(sanitizeHeaderValue(input)).toBe(expected);
  });

  test.each([
    ['empty', [], ''],
    ['simple', [['a', '1']], 'a=1'],
    [
      'specials in names and values',
      [
        ['a&b', 'c=d'],
        ['e f', 'g+h'],
      ],
      'a%26b=c%3Dd&e+f=g%2Bh',
    ],
    ['CR LF and unicode', [['n', `\r\né${SMILE}`]], 'n=%0D%0A%C3%A9%F0%9F%98%80'],
    ['safe characters kept', [['k', "*-._~!'()"]], 'k=*-._%7E%21%27%28%29'],
  ] as [string, [string, string][], string][])('encodeFormPairs: %s', (_name, pairs, expected) => {
    expect(encodeFormPairs(pairs)).toBe(expected);
  });
});
