import type { FieldRule } from '../config/types.js';
import {
  MAX_FIELD_NAME_LENGTH,
  MAX_FIELD_VALUE_LENGTH,
  MAX_LEAD_FIELDS,
  acceptLead,
  compileFieldRules,
  type AcceptanceResult,
} from './accept.js';

const rules: FieldRule[] = [
  { name: 'email', type: 'email', required: true },
  { name: 'phone', type: 'phone', required: true },
  { name: 'state', type: 'state', required: false },
  { name: 'postal_code', type: 'postal_code', required: false },
  { name: 'age', type: 'number', required: false },
  { name: 'zip', type: 'text', required: false, pattern: '^[0-9]{5}$' },
  { name: 'source', type: 'text', required: false, pattern: 'web' },
];

const valid = { email: ' A@Example.com ', phone: '(555) 123-4567' };
const accepted = (fields: Record<string, string>): AcceptanceResult => ({ ok: true, fields });
const refused = (...reasons: string[]): AcceptanceResult => ({ ok: false, reasons });

describe('acceptLead', () => {
  const cases: [string, Record<string, unknown>, AcceptanceResult][] = [
    ['minimal valid lead', valid, accepted({ email: 'a@example.com', phone: '5551234567' })],
    [
      'every type normalized',
      { ...valid, state: 'texas', postal_code: '123456789', age: ' 42 ', zip: '02134' },
      accepted({
        email: 'a@example.com',
        phone: '5551234567',
        state: 'TX',
        postal_code: '12345-6789',
        age: '42',
        zip: '02134',
      }),
    ],
    [
      'numbers and booleans are stringified',
      { email: 'a@b.co', phone: 5551234567, age: 30, opt_in: true },
      accepted({ email: 'a@b.co', phone: '5551234567', age: '30', opt_in: 'true' }),
    ],
    [
      'undeclared fields kept as trimmed text, after declared ones',
      { first_name: '  Zoë ', ...valid, note: '#{email}' },
      accepted({
        email: 'a@example.com',
        phone: '5551234567',
        first_name: 'Zoë',
        note: '#{email}',
      }),
    ],
    [
      'blank optional fields are dropped',
      { ...valid, state: '  ', age: '', zip: null, first_name: ' ' },
      accepted({ email: 'a@example.com', phone: '5551234567' }),
    ],
    ['missing required fields', {}, refused('email is required', 'phone is required')],
    [
      'blank and null required fields',
      { email: '   ', phone: null },
      refused('email is required', 'phone is required'),
    ],
    [
      'every reason, in rule order, each naming its field',
      {
        email: 'nope',
        phone: '555',
        state: 'Narnia',
        postal_code: '1234',
        age: 'old',
        zip: '1234',
        source: 'phone call',
      },
      refused(
        'email is not a valid email address',
        'phone must have 10 digits',
        'state is not a US state or territory',
        'postal_code is not a valid US ZIP code',
        'age is not a number',
        'zip does not match the required pattern',
        'source does not match the required pattern',
      ),
    ],
    [
      'pattern is searched anywhere unless anchored',
      { ...valid, source: 'partner-web-2' },
      accepted({ email: 'a@example.com', phone: '5551234567', source: 'partner-web-2' }),
    ],
    [
      'arrays and objects are not single values',
      { ...valid, state: ['CA', 'NV'], extra: { a: 1 }, list: [] },
      refused(
        'state must be a single value',
        'extra must be a single value',
        'list must be a single value',
      ),
    ],
    [
      'field names are case-sensitive',
      { Email: 'a@b.co', phone: '5551234567' },
      refused('email is required'),
    ],
    [
      'a field named __proto__ stays a field',
      JSON.parse('{"email":"a@b.co","phone":"5551234567","__proto__":"x"}') as Record<
        string,
        unknown
      >,
      accepted(
        JSON.parse('{"email":"a@b.co","phone":"5551234567","__proto__":"x"}') as Record<
          string,
          string
        >,
      ),
    ],
    [
      'inherited properties are not fields',
      Object.assign(Object.create({ email: 'a@b.co' }) as Record<string, unknown>, {
        phone: '5551234567',
      }),
      refused('email is required'),
    ],
    [
      'blank field names are refused',
      { ...valid, ' ': 'x' },
      refused('field names cannot be blank'),
    ],
    [
      'a value longer than the limit',
      { ...valid, note: 'x'.repeat(MAX_FIELD_VALUE_LENGTH + 1), zip: '1'.repeat(5000) },
      refused(`zip is longer than 4096 characters`, `note is longer than 4096 characters`),
    ],
    [
      'a value at the limit once trimmed',
      { ...valid, note: ` ${'x'.repeat(MAX_FIELD_VALUE_LENGTH)} ` },
      accepted({ email: 'a@example.com', phone: '5551234567', note: 'x'.repeat(4096) }),
    ],
    [
      'a field name longer than the limit',
      { ...valid, ['n'.repeat(MAX_FIELD_NAME_LENGTH + 1)]: 'x' },
      refused(`field name ${'n'.repeat(64)}… is longer than 64 characters`),
    ],
    [
      'too many fields stops at one reason',
      Object.fromEntries(Array.from({ length: MAX_LEAD_FIELDS + 1 }, (_, i) => [`f${i}`, []])),
      refused('lead has more than 200 fields'),
    ],
  ];

  test.each(cases)('%s', (_name, input, expected) => {
    expect(acceptLead(rules, input)).toEqual(expected);
  });

  test('exactly the maximum number of fields is accepted', () => {
    const extra = Object.fromEntries(
      Array.from({ length: MAX_LEAD_FIELDS - 2 }, (_, i) => [`f${i}`, 'v']),
    );
    const result = acceptLead(rules, { ...valid, ...extra });
    expect(result.ok && Object.keys(result.fields)).toHaveLength(MAX_LEAD_FIELDS);
  });

  test('a lead that is not an object is refused', () => {
    expect(acceptLead(rules, [] as unknown as Record<string, unknown>)).toEqual(
      refused('lead must be an object of fields'),
    );
  });

  test('no rules keeps every field as text', () => {
    expect(acceptLead([], { a: ' 1 ', b: false })).toEqual(accepted({ a: '1', b: 'false' }));
  });

  test('compiled rules give the same answers as acceptLead', () => {
    const compiled = compileFieldRules(rules);
    for (const [, input, expected] of cases) expect(compiled.accept(input)).toEqual(expected);
  });

  test('patterns run on a linear-time engine', () => {
    const slow: FieldRule[] = [{ name: 'x', type: 'text', required: false, pattern: '^(a+)+$' }];
    const startedAt = process.hrtime.bigint();
    expect(acceptLead(slow, { x: `${'a'.repeat(4000)}!` })).toEqual(
      refused('x does not match the required pattern'),
    );
    expect(Number(process.hrtime.bigint() - startedAt) / 1e6).toBeLessThan(1000);
  });
});
