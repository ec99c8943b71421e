import type { FieldRule } from './types.js';
import { validateFieldRules } from './fields.js';
import { collect } from './test-support/fixtures.js';

const lines = (raw: unknown): string[] =>
  collect((c) => validateFieldRules(c, raw, ['f'])).issues.map((i) => `${i.path}: ${i.message}`);

describe('validateFieldRules', () => {
  const valid: [string, unknown, FieldRule[]][] = [
    ['absent', undefined, []],
    ['empty', [], []],
    ['defaults', [{ name: 'note' }], [{ name: 'note', type: 'text', required: false }]],
    [
      'every setting',
      [{ name: 'zip', type: 'postal_code', required: true, pattern: '^9' }],
      [{ name: 'zip', type: 'postal_code', required: true, pattern: '^9' }],
    ],
    [
      'every type',
      ['email', 'phone', 'state', 'postal_code', 'number', 'text'].map((type) => ({
        name: type,
        type,
      })),
      ['email', 'phone', 'state', 'postal_code', 'number', 'text'].map((type) => ({
        name: type,
        type,
        required: false,
      })) as FieldRule[],
    ],
    [
      'RE2 patterns such as classes and named groups',
      [{ name: 'a', pattern: '^(?P<x>[[:alpha:]]+)\\d{2,4}$' }],
      [{ name: 'a', type: 'text', required: false, pattern: '^(?P<x>[[:alpha:]]+)\\d{2,4}$' }],
    ],
  ];

  test.each(valid)('valid: %s', (_name, raw, expected) => {
    const { value, issues } = collect((c) => validateFieldRules(c, raw, ['f']));
    expect(issues).toEqual([]);
    expect(value).toEqual(expected);
  });

  const invalid: [string, unknown, string[]][] = [
    ['not a list', { name: 'a' }, ['f: must be a list']],
    ['entry not an object', ['email'], ['f[0]: must be an object with a name']],
    ['missing name', [{ type: 'email' }], ['f[0].name: is required']],
    ['empty name', [{ name: ' ' }], ['f[0].name: must not be empty']],
    ['padded name', [{ name: 'email ' }], ['f[0].name: must not start or end with whitespace']],
    ['long name', [{ name: 'n'.repeat(65) }], ['f[0].name: must be at most 64 characters']],
    [
      'placeholder characters',
      [{ name: 'a#{b' }, { name: 'c}' }],
      [
        'f[0].name: must not contain "#{" or "}" (they delimit placeholders)',
        'f[1].name: must not contain "#{" or "}" (they delimit placeholders)',
      ],
    ],
    [
      'system placeholder name',
      [{ name: 'xxLeadId' }],
      ['f[0].name: is reserved for the system placeholder #{xxLeadId}'],
    ],
    [
      'duplicate names',
      [{ name: 'a' }, { name: 'b' }, { name: 'a' }],
      ['f[2].name: duplicate field name'],
    ],
    [
      'bad type',
      [{ name: 'a', type: 'date' }],
      ['f[0].type: must be one of email, phone, state, postal_code, number, text'],
    ],
    ['bad required', [{ name: 'a', required: 'yes' }], ['f[0].required: must be true or false']],
    [
      'unknown key',
      [{ name: 'a', requried: true }],
      ['f[0].requried: unknown key (did you mean required?)'],
    ],
    ['pattern not a string', [{ name: 'a', pattern: 5 }], ['f[0].pattern: must be a string']],
    [
      'bad pattern',
      [{ name: 'a', pattern: '(a' }],
      ['f[0].pattern: invalid regular expression: missing closing ): `(a`'],
    ],
    [
      'lookahead',
      [{ name: 'a', pattern: '^(?!x)' }],
      [
        'f[0].pattern: invalid regular expression: invalid or unsupported Perl syntax: `(?!` ' +
          '(lookaround and backreferences are not supported by the linear-time engine)',
      ],
    ],
    [
      'backreference',
      [{ name: 'a', pattern: '(a)\\1' }],
      [
        'f[0].pattern: invalid regular expression: invalid escape sequence: `\\1` ' +
          '(lookaround and backreferences are not supported by the linear-time engine)',
      ],
    ],
    [
      'too many fields',
      Array.from({ length: 201 }, (_, i) => ({ name: `f${i}` })),
      ['f: must have at most 200 fields'],
    ],
  ];

  test.each(invalid)('invalid: %s', (_name, raw, expected) => {
    expect(lines(raw)).toEqual(expected);
  });
});
