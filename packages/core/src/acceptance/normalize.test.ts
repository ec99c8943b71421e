import type { FieldType } from '../config/types.js';
import { normalizeValue, type Normalized } from './normalize.js';

const ok = (value: string): Normalized => ({ ok: true, value });
const bad = (problem: string): Normalized => ({ ok: false, problem });

const NOT_EMAIL = bad('is not a valid email address');
const TEN_DIGITS = bad('must have 10 digits');
const NOT_STATE = bad('is not a US state or territory');
const NOT_ZIP = bad('is not a valid US ZIP code');
const NOT_NUMBER = bad('is not a number');

const cases: [FieldType, string, Normalized][] = [
  ['email', 'Jane.Doe@Example.COM', ok('jane.doe@example.com')],
  ['email', 'a+tag@sub.example.co.uk', ok('a+tag@sub.example.co.uk')],
  ['email', "o'brien@example.org", ok("o'brien@example.org")],
  ['email', 'x@xn--bcher-kva.example', ok('x@xn--bcher-kva.example')],
  ['email', 'a@b.xn--p1ai', ok('a@b.xn--p1ai')],
  ['email', 'plainaddress', NOT_EMAIL],
  ['email', '@example.com', NOT_EMAIL],
  ['email', 'a@', NOT_EMAIL],
  ['email', 'a@localhost', NOT_EMAIL],
  ['email', 'a@example.c', NOT_EMAIL],
  ['email', 'a@example.123', NOT_EMAIL],
  ['email', 'a..b@example.com', NOT_EMAIL],
  ['email', '.a@example.com', NOT_EMAIL],
  ['email', 'a.@example.com', NOT_EMAIL],
  ['email', 'a b@example.com', NOT_EMAIL],
  ['email', 'a@-example.com', NOT_EMAIL],
  ['email', 'a@example-.com', NOT_EMAIL],
  ['email', 'a@exa_mple.com', NOT_EMAIL],
  ['email', 'a@@example.com', NOT_EMAIL],
  ['email', 'a@example..com', NOT_EMAIL],
  ['email', `${'a'.repeat(65)}@example.com`, NOT_EMAIL],
  ['email', `a@${'b'.repeat(250)}.com`, NOT_EMAIL],
  ['email', 'jo@exämple.com', NOT_EMAIL],

  ['phone', '(555) 123-4567', ok('5551234567')],
  ['phone', '555.123.4567', ok('5551234567')],
  ['phone', '+1 555 123 4567', ok('5551234567')],
  ['phone', '15551234567', ok('5551234567')],
  ['phone', '2125550000', ok('2125550000')],
  ['phone', '555123456', TEN_DIGITS],
  ['phone', '25551234567', TEN_DIGITS],
  ['phone', '+44 20 7946 0958', TEN_DIGITS],
  ['phone', '0551234567', bad('has an invalid area code')],
  ['phone', '1551234567', bad('has an invalid area code')],
  ['phone', '1 155 123 4567', bad('has an invalid area code')],
  ['phone', '555-123-4567 x12', bad('is not a valid phone number')],
  ['phone', '555-CALL-NOW', bad('is not a valid phone number')],

  ['state', 'CA', ok('CA')],
  ['state', 'ca', ok('CA')],
  ['state', 'California', ok('CA')],
  ['state', 'new  YORK', ok('NY')],
  ['state', 'District of Columbia', ok('DC')],
  ['state', 'Washington D.C.', ok('DC')],
  ['state', 'Washington', ok('WA')],
  ['state', 'pr', ok('PR')],
  ['state', 'Guam', ok('GU')],
  ['state', 'U.S. Virgin Islands', ok('VI')],
  ['state', 'american samoa', ok('AS')],
  ['state', 'Northern Mariana Islands', ok('MP')],
  ['state', 'XX', NOT_STATE],
  ['state', 'Ontario', NOT_STATE],
  ['state', 'C', NOT_STATE],

  ['postal_code', '12345', ok('12345')],
  ['postal_code', '12345-6789', ok('12345-6789')],
  ['postal_code', '123456789', ok('12345-6789')],
  ['postal_code', '12345 6789', ok('12345-6789')],
  ['postal_code', '01234', ok('01234')],
  ['postal_code', '1234', NOT_ZIP],
  ['postal_code', '123456', NOT_ZIP],
  ['postal_code', '12345-678', NOT_ZIP],
  ['postal_code', 'K1A 0B1', NOT_ZIP],
  ['postal_code', '１２３４５', NOT_ZIP],

  ['number', '42', ok('42')],
  ['number', '-3.50', ok('-3.50')],
  ['number', '+007', ok('+007')],
  ['number', '.5', ok('.5')],
  ['number', '1e3', ok('1e3')],
  ['number', '1,000', NOT_NUMBER],
  ['number', 'abc', NOT_NUMBER],
  ['number', '0x10', NOT_NUMBER],
  ['number', 'Infinity', NOT_NUMBER],
  ['number', 'NaN', NOT_NUMBER],
  ['number', '1e999', NOT_NUMBER],
  ['number', '.', NOT_NUMBER],
  ['number', '1 2', NOT_NUMBER],

  ['text', 'anything <at> all', ok('anything <at> all')],
];

test.each(cases)('%s %j → %j', (type, value, expected) => {
  expect(normalizeValue(type, value)).toEqual(expected);
});
