import { RE2JS } from 're2js';
import type { FieldRule, FieldType } from '../config/types.js';
import { normalizeValue } from './normalize.js';

/** At most this many fields in one lead, declared and undeclared together. */
export const MAX_LEAD_FIELDS = 200;

/** Longest field name accepted, in UTF-16 code units. */
export const MAX_FIELD_NAME_LENGTH = 64;

/** Longest field value accepted once trimmed, in UTF-16 code units. */
export const MAX_FIELD_VALUE_LENGTH = 4096;

/** A lead that passed (with its normalized fields), or every reason it did not. */
export type AcceptanceResult =
  { ok: true; fields: Record<string, string> } | { ok: false; reasons: string[] };

/** A campaign's field rules prepared once (patterns compiled), applied to many leads. */
export interface CompiledFieldRules {
  accept(input: Readonly<Record<string, unknown>>): AcceptanceResult;
}

interface PreparedRule {
  name: string;
  type: FieldType;
  required: boolean;
  pattern?: RE2JS;
}

type Scalar = { kind: 'value'; text: string } | { kind: 'blank' } | { kind: 'not_single' };

/**
 * Prepares field rules for {@link CompiledFieldRules.accept}, which checks a lead against
 * them and collects every reason it fails, each naming its field:
 * - a required field must be present and not blank; a blank optional field is dropped;
 * - values may be strings, numbers or booleans (stringified, then trimmed); an array or
 *   object is refused (`<name> must be a single value`);
 * - typed values are normalized: email lower-cased, phone to 10 digits, state to its
 *   two-letter code, postal_code to `12345` or `12345-6789`, number kept as written;
 * - `pattern` (RE2 syntax, linear time) must match somewhere in the normalized value; anchor
 *   it with `^…$` to constrain the whole value;
 * - undeclared fields are kept as trimmed text;
 * - {@link MAX_LEAD_FIELDS}, {@link MAX_FIELD_NAME_LENGTH} and {@link MAX_FIELD_VALUE_LENGTH}
 *   bound the input; a lead with too many fields gets that one reason and no further checks.
 *
 * @throws Error from re2js when a pattern is invalid; validated config never has one.
 */
export function compileFieldRules(rules: readonly FieldRule[]): CompiledFieldRules {
  const prepared: PreparedRule[] = rules.map((rule) => ({
    name: rule.name,
    type: rule.type,
    required: rule.required,
    ...(rule.pattern === undefined ? {} : { pattern: RE2JS.compile(rule.pattern) }),
  }));
  const declared = new Set(prepared.map((rule) => rule.name));
  return { accept: (input) => accept(prepared, declared, input) };
}

const compiledByRules = new WeakMap<readonly FieldRule[], CompiledFieldRules>();

/**
 * Applies a campaign's field rules to one lead (see {@link compileFieldRules} for the rules).
 * The rules are prepared on first use and kept for as long as the rules array lives.
 */
export function acceptLead(
  rules: readonly FieldRule[],
  input: Readonly<Record<string, unknown>>,
): AcceptanceResult {
  let compiled = compiledByRules.get(rules);
  if (!compiled) {
    compiled = compileFieldRules(rules);
    compiledByRules.set(rules, compiled);
  }
  return compiled.accept(input);
}

function accept(
  rules: readonly PreparedRule[],
  declared: ReadonlySet<string>,
  input: Readonly<Record<string, unknown>>,
): AcceptanceResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, reasons: ['lead must be an object of fields'] };
  }
  const names = Object.keys(input);
  if (names.length > MAX_LEAD_FIELDS) {
    return { ok: false, reasons: [`lead has more than ${MAX_LEAD_FIELDS} fields`] };
  }

  const reasons: string[] = [];
  const fields = new Map<string, string>();
  const record = (name: string, check: FieldCheck): void => {
    if (check.kind === 'value') fields.set(name, check.value);
    else if (check.kind === 'reason') reasons.push(check.reason);
  };

  for (const rule of rules) {
    record(
      rule.name,
      checkDeclared(rule, Object.hasOwn(input, rule.name) ? input[rule.name] : undefined),
    );
  }
  for (const name of names) {
    if (!declared.has(name)) record(name, checkUndeclared(name, input[name]));
  }

  // fromEntries defines properties, so a field named "__proto__" stays an ordinary field.
  return reasons.length > 0
    ? { ok: false, reasons }
    : { ok: true, fields: Object.fromEntries(fields) };
}

/** A field's normalized value, the reason it is refused, or nothing to keep (blank). */
type FieldCheck =
  { kind: 'value'; value: string } | { kind: 'reason'; reason: string } | { kind: 'drop' };

const DROP: FieldCheck = { kind: 'drop' };

function refuse(reason: string): FieldCheck {
  return { kind: 'reason', reason };
}

function checkDeclared(rule: PreparedRule, raw: unknown): FieldCheck {
  const scalar = toScalar(raw);
  if (scalar.kind === 'not_single') return refuse(`${rule.name} must be a single value`);
  if (scalar.kind === 'blank') return rule.required ? refuse(`${rule.name} is required`) : DROP;
  if (scalar.text.length > MAX_FIELD_VALUE_LENGTH) {
    return refuse(`${rule.name} is longer than ${MAX_FIELD_VALUE_LENGTH} characters`);
  }

  const normalized = normalizeValue(rule.type, scalar.text);
  if (!normalized.ok) return refuse(`${rule.name} ${normalized.problem}`);
  if (rule.pattern && !rule.pattern.test(normalized.value)) {
    return refuse(`${rule.name} does not match the required pattern`);
  }
  return { kind: 'value', value: normalized.value };
}

function checkUndeclared(name: string, raw: unknown): FieldCheck {
  if (name.trim() === '') return refuse('field names cannot be blank');
  if (name.length > MAX_FIELD_NAME_LENGTH) {
    const shown = `${name.slice(0, MAX_FIELD_NAME_LENGTH)}…`;
    return refuse(`field name ${shown} is longer than ${MAX_FIELD_NAME_LENGTH} characters`);
  }

  const scalar = toScalar(raw);
  if (scalar.kind === 'not_single') return refuse(`${name} must be a single value`);
  if (scalar.kind === 'blank') return DROP;
  if (scalar.text.length > MAX_FIELD_VALUE_LENGTH) {
    return refuse(`${name} is longer than ${MAX_FIELD_VALUE_LENGTH} characters`);
  }
  return { kind: 'value', value: scalar.text };
}

function toScalar(raw: unknown): Scalar {
  if (raw === undefined || raw === null) return { kind: 'blank' };
  let text: string;
  if (typeof raw === 'string') text = raw;
  else if (typeof raw === 'number' || typeof raw === 'boolean' || typeof raw === 'bigint') {
    text = String(raw);
  } else return { kind: 'not_single' };

  const trimmed = text.trim();
  return trimmed === '' ? { kind: 'blank' } : { kind: 'value', text: trimmed };
}
