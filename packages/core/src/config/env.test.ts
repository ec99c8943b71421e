import { substituteEnv, substituteString } from './env.js';

const env: Record<string, string | undefined> = { KEY: 'k3y', EMPTY: '', NESTED: '${KEY}' };

describe('substituteString', () => {
  const cases: [string, string, string, string[]][] = [
    ['no references', 'plain $ text', 'plain $ text', []],
    ['one reference', 'Bearer ${KEY}', 'Bearer k3y', []],
    ['several references', '${KEY}:${KEY}', 'k3y:k3y', []],
    ['escaped reference', '$${KEY}', '${KEY}', []],
    ['escape next to a reference', '$${KEY}${KEY}', '${KEY}k3y', []],
    ['a lone dollar and braces', 'a$b{c}$', 'a$b{c}$', []],
    ['double dollar not before a brace', '$$x', '$$x', []],
    ['substituted text is not scanned again', '${NESTED}', '${KEY}', []],
    ['missing variable', 'x${MISSING}y', 'xy', ['environment variable MISSING is not set']],
    ['empty variable', '${EMPTY}', '', ['environment variable EMPTY is empty']],
    [
      'inherited property is not a variable',
      '${toString}',
      '',
      ['environment variable toString is not set'],
    ],
    [
      'invalid name',
      '${A-B}',
      '',
      ['${A-B} is not a valid environment variable reference (write $${ for a literal ${)'],
    ],
    [
      'empty name',
      '${}',
      '',
      ['${} is not a valid environment variable reference (write $${ for a literal ${)'],
    ],
    [
      'unterminated',
      'a ${KEY',
      'a ${KEY',
      ['unterminated ${ reference (write $${ for a literal ${)'],
    ],
    [
      'every problem reported',
      '${A}${B}',
      '',
      ['environment variable A is not set', 'environment variable B is not set'],
    ],
  ];

  test.each(cases)('%s', (_name, input, text, problems) => {
    expect(substituteString(input, env)).toEqual({ text, problems });
  });
});

describe('substituteEnv', () => {
  test('walks objects and lists, reporting exact paths, leaving other values alone', () => {
    const raw = {
      sources: [{ id: 'a', apiKey: '${MISSING_KEY}' }],
      n: 5,
      flag: true,
      none: null,
      nested: { list: ['${KEY}', { deep: '${GONE}' }] },
    };
    const result = substituteEnv(raw, env);

    expect(result.value).toEqual({
      sources: [{ id: 'a', apiKey: '' }],
      n: 5,
      flag: true,
      none: null,
      nested: { list: ['k3y', { deep: '' }] },
    });
    expect(result.issues).toEqual([
      { path: 'sources[0].apiKey', message: 'environment variable MISSING_KEY is not set' },
      { path: 'nested.list[1].deep', message: 'environment variable GONE is not set' },
    ]);
  });

  test('does not change its input and keeps __proto__ keys as data', () => {
    const raw = JSON.parse('{"a":"${KEY}","__proto__":{"b":"${KEY}"}}') as Record<string, unknown>;
    const result = substituteEnv(raw, env);

    expect(raw['a']).toBe('${KEY}');
    expect(Object.getPrototypeOf(result.value)).toBe(Object.prototype);
    expect(Object.hasOwn(result.value as object, '__proto__')).toBe(true);
  });

  test('keys are not substituted', () => {
    expect(substituteEnv({ '${KEY}': 'v' }, env).value).toEqual({ '${KEY}': 'v' });
  });

  test('a top-level string reports the root path', () => {
    expect(substituteEnv('${NOPE}', env).issues).toEqual([
      { path: '(root)', message: 'environment variable NOPE is not set' },
    ]);
  });
});
