import { MAX_FIELD_NAME_LENGTH, MAX_LEAD_FIELDS } from '../acceptance/accept.js';
import { SYSTEM_PLACEHOLDERS } from '../template/parse.js';
import type { FieldRule, FieldType } from './types.js';
import {
  checkKeys,
  checkUnique,
  isRawObject,
  own,
  readBoolean,
  readEnum,
  type IssueCollector,
  type Path,
} from './issues.js';
import { checkPattern } from './patterns.js';

/** Every field type, in the order error messages list them. */
export const FIELD_TYPES: readonly FieldType[] = [
  'email',
  'phone',
  'state',
  'postal_code',
  'number',
  'text',
];

const FIELD_KEYS = ['name', 'type', 'required', 'pattern'];

/**
 * Validates a campaign's `fields` list (absent means none). Each rule has a `name` (1 to
 * {@link MAX_FIELD_NAME_LENGTH} characters, no `#{` or `}`, not a system placeholder name,
 * unique), a `type` (default text), `required` (default false) and an optional `pattern`
 * (RE2 syntax). At most {@link MAX_LEAD_FIELDS} rules.
 */
export function validateFieldRules(issues: IssueCollector, raw: unknown, path: Path): FieldRule[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    issues.add(path, 'must be a list');
    return [];
  }
  if (raw.length > MAX_LEAD_FIELDS) {
    issues.add(path, `must have at most ${MAX_LEAD_FIELDS} fields`);
  }

  const rules = raw.map((item, index) => validateFieldRule(issues, item, [...path, index]));
  checkUnique(
    issues,
    rules.map((rule, index) => ({ value: rule.name, path: [...path, index, 'name'] })),
    () => 'duplicate field name',
  );
  return rules;
}

function validateFieldRule(issues: IssueCollector, raw: unknown, path: Path): FieldRule {
  if (!isRawObject(raw)) {
    issues.add(path, 'must be an object with a name');
    return { name: '', type: 'text', required: false };
  }
  checkKeys(issues, raw, FIELD_KEYS, path);

  const rule: FieldRule = {
    name: readFieldName(issues, own(raw, 'name'), [...path, 'name']),
    type: readEnum(issues, raw, 'type', path, FIELD_TYPES, 'text'),
    required: readBoolean(issues, raw, 'required', path, false),
  };

  const pattern = own(raw, 'pattern');
  if (typeof pattern === 'string') {
    const problem = checkPattern(pattern);
    if (problem) issues.add([...path, 'pattern'], problem);
    rule.pattern = pattern;
  } else if (pattern !== undefined) {
    issues.add([...path, 'pattern'], 'must be a string');
  }
  return rule;
}

const SYSTEM_NAMES: readonly string[] = SYSTEM_PLACEHOLDERS;

function readFieldName(issues: IssueCollector, value: unknown, path: Path): string {
  if (value === undefined) issues.add(path, 'is required');
  else if (typeof value !== 'string') issues.add(path, 'must be a string');
  else if (value.trim() === '') issues.add(path, 'must not be empty');
  else if (value.trim() !== value) issues.add(path, 'must not start or end with whitespace');
  else if (value.length > MAX_FIELD_NAME_LENGTH) {
    issues.add(path, `must be at most ${MAX_FIELD_NAME_LENGTH} characters`);
  } else if (value.includes('#{') || value.includes('}')) {
    issues.add(path, 'must not contain "#{" or "}" (they delimit placeholders)');
  } else if (SYSTEM_NAMES.includes(value)) {
    issues.add(path, `is reserved for the system placeholder #{${value}}`);
  } else return value;
  return typeof value === 'string' ? value : '';
}
