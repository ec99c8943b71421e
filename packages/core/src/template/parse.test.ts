import { compileTemplate, type ValueLookup } from './compile.js';
import { hasPlaceholders, parseTemplate, type ParsedTemplate } from './parse.js';

describe('parseTemplate', () => {
  const cases: [string, string, ParsedTemplate][] = [
    ['empty template', '', { segments: [], problems: [] }],
    ['text only', 'abc', { segments: [{ kind: 'text', text: 'abc' }], problems: [] }],
    [
      'one placeholder',
      '#{email}',
      { segments: [{ kind: 'placeholder', name: 'email' }], problems: [] },
    ],
    [
      'text around placeholders',
      'a#{x}b#{ y }c',
      {
        segments: [
          { kind: 'text', text: 'a' },
          { kind: 'placeholder', name: 'x' },
          { kind: 'text', text: 'b' },
          { kind: 'placeholder', name: 'y' },
          { kind: 'text', text: 'c' },
        ],
        problems: [],
      },
    ],
    [
      'adjacent placeholders',
      '#{a}#{b}',
      {
        segments: [
          { kind: 'placeholder', name: 'a' },
          { kind: 'placeholder', name: 'b' },
        ],
        problems: [],
      },
    ],
    [
      'a lone # or } is text',
      'a#b}c{d',
      { segments: [{ kind: 'text', text: 'a#b}c{d' }], problems: [] },
    ],
    [
      'unterminated placeholder stays text',
      'x=#{email',
      {
        segments: [{ kind: 'text', text: 'x=#{email' }],
        problems: ['unterminated placeholder "#{" at character 3'],
      },
    ],
    [
      'empty placeholder',
      'a#{ }b',
      {
        segments: [
          { kind: 'text', text: 'a' },
          { kind: 'placeholder', name: '' },
          { kind: 'text', text: 'b' },
        ],
        problems: ['empty placeholder "#{}"'],
      },
    ],
    [
      'nested opening',
      '#{a#{b}',
      {
        segments: [{ kind: 'placeholder', name: 'a#{b' }],
        problems: ['placeholder names cannot contain "#{"'],
      },
    ],
  ];

  test.each(cases)('%s', (_name, template, expected) => {
    expect(parseTemplate(template)).toEqual(expected);
  });

  test.each([
    ['#{a}', true],
    ['x #{a} y', true],
    ['plain', false],
    ['#{unterminated', false],
  ])('hasPlaceholders(%j) is %j', (template, expected) => {
    expect(hasPlaceholders(template)).toBe(expected);
  });
});

describe('compileTemplate', () => {
  const values: Record<string, string> = { a: 'A', b: 'B&', marker: '#{a}' };
  const lookup: ValueLookup = (name) => values[name] ?? '';
  const upper = (value: string): string => `[${value}]`;

  const cases: [string, string, string, string][] = [
    ['constant text', 'hello', 'hello', 'hello'],
    ['empty', '', '', ''],
    ['fills placeholders', 'x#{a}y#{b}z', 'xAyB&z', 'x[A]y[B&]z'],
    ['unknown placeholder is empty', '<#{nope}>', '<>', '<[]>'],
    ['values are not expanded again', '#{marker}', '#{a}', '[#{a}]'],
    ['unterminated placeholder is literal', '#{a} #{b', 'A #{b', '[A] #{b'],
  ];

  test.each(cases)('%s', (_name, template, plain, escaped) => {
    expect(compileTemplate(template)(lookup)).toBe(plain);
    expect(compileTemplate(template, upper)(lookup)).toBe(escaped);
  });

  test('rendering does not parse again', () => {
    const names: string[] = [];
    const render = compileTemplate('#{a}-#{b}');
    render((name) => (names.push(name), ''));
    render((name) => (names.push(name), ''));
    expect(names).toEqual(['a', 'b', 'a', 'b']);
  });
});
