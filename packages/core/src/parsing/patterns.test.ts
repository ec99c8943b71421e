import { compilePattern } from './patterns.js';
import type { Pattern, PatternRules } from './patterns.js';

function compiled(source: string, rules: PatternRules = {}): Pattern {
  const result = compilePattern(source, rules);
  if (!result.ok) throw new Error(`${source}: ${result.message}`);
  return result.pattern;
}

function rejection(source: string, rules: PatternRules = {}): string {
  const result = compilePattern(source, rules);
  if (result.ok) throw new Error(`${source} was accepted`);
  return result.message;
}

describe('compilePattern accepts', () => {
  test.each([
    ['<result>(.*)</result>', { groups: 1 }],
    ['<reason>([^<]*)</reason>', { groups: 1 }],
    ['^(OK|REJECT|ERROR)', { groups: 1 }],
    ['"status"\\s*:\\s*"accepted"', {}],
    ['/^success$/i', {}],
    ['/<lead id="(\\d+)"/m', { groups: 1 }],
    ['(?i)accepted', {}],
    ['(?P<reason>[^<]+)', { groups: 1 }],
    ['(?<reason>[^<]+)', { groups: 1 }],
    ['[A-Z]{2}[0-9]{6}', {}],
    ['[0-9a-f]{16}', {}],
    ['\\d{3}-\\d{3}-\\d{4}', {}],
    ['\\Q(?=\\1\\E', {}],
    ['[(?=]', {}],
    ['/leads/(\\d+)', { groups: 1 }],
  ] as [string, PatternRules][])('%s', (source, rules) => {
    expect(compilePattern(source, rules).ok).toBe(true);
  });
});

describe('compilePattern rejects', () => {
  test.each([
    ['', {}, 'must not be empty'],
    ['//i', {}, 'must not be empty'],
    ['(a)(b)', { groups: 1 }, 'must have exactly one capture group (has 2)'],
    ['<result>.*</result>', { groups: 1 }, 'must have exactly one capture group (has 0)'],
    ['(', {}, 'invalid regular expression: missing closing ): `(`'],
    ['a++', {}, 'invalid regular expression: invalid nested repetition operator: `++`'],
    ['/ok/g', {}, 'invalid regular expression: unsupported flag "g" in /…/g (supported: i, m, s)'],
    ['/response/status', {}, 'invalid regular expression: unsupported flag "t", "a", "t", "u"'],
    ['foo(?=bar)', {}, 'lookaround "(?=…)" is not supported: patterns run on RE2'],
    ['foo(?!bar)', {}, 'lookaround "(?!…)" is not supported'],
    ['(?<=a)b', {}, 'lookaround "(?<=…)" is not supported'],
    ['(?<!a)b', {}, 'lookaround "(?<!…)" is not supported'],
    ['(a)\\1', {}, 'backreference "\\1" is not supported: patterns run on RE2'],
    ['(?<q>a)\\k<q>', {}, 'backreference "\\k<name>" is not supported'],
    [
      '(.{0,1000})x',
      {},
      'too costly for large bodies: counted repetitions add up to 1000 (limit 16)',
    ],
    ['(\\d{1,9}){9}', {}, 'counted repetitions add up to 81 (limit 16)'],
    [
      '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}',
      {},
      'counted repetitions add up to 32 (limit 16); RE2 keeps one state per repetition',
    ],
  ] as [string, PatternRules, string][])('%s', (source, rules, message) => {
    expect(rejection(source, rules)).toContain(message);
  });

  test('a huge program is too complex', () => {
    expect(rejection(`(?:${'abcdefghij'.repeat(210)})`)).toMatch(
      /^too complex: compiles to \d+ instructions \(limit 2000\)$/,
    );
  });

  test('lookaround and backreference messages start like every engine rejection', () => {
    expect(rejection('a(?=b)')).toMatch(/^invalid regular expression: /);
    expect(rejection('(a)\\2')).toMatch(/^invalid regular expression: .*without backreferences$/);
  });
});

describe('matching', () => {
  test('patterns are searched, case-sensitive, and dot matches newlines', () => {
    const pattern = compiled('<result>(.*)</result>');
    expect(pattern.firstGroup('<r>\n<result>\n ok\n</result>')).toBe('\n ok\n');
    expect(compiled('^success$').test('SUCCESS')).toBe(false);
    expect(compiled('/^success$/i').test('SUCCESS')).toBe(true);
  });

  test('^ and $ anchor the whole text unless written with m', () => {
    expect(compiled('^OK').test('Thanks\nOK')).toBe(false);
    expect(compiled('/^OK$/m').test('Thanks\nOK\nbye')).toBe(true);
    expect(compiled('^REJECT: (.*)$').firstGroup('REJECT: phone invalid')).toBe('phone invalid');
  });

  test('case-insensitive rule wins over the flags', () => {
    expect(compiled('/^ACCEPTED$/', { caseInsensitive: true }).test('accepted')).toBe(true);
  });

  test('firstGroup is undefined without a match and "" for a group that took no part', () => {
    expect(compiled('<a>(.*)</a>').firstGroup('<b/>')).toBeUndefined();
    expect(compiled('(x)?y').firstGroup('y')).toBe('');
  });

  test('allGroups collects successive matches in order, bounded, and ends on empty matches', () => {
    const reasons = compiled('<reason>([^<]*)</reason>');
    const body = '<reason>a</reason><reason>b</reason><reason>c</reason>';
    expect(reasons.allGroups(body, 10)).toEqual(['a', 'b', 'c']);
    expect(reasons.allGroups(body, 2)).toEqual(['a', 'b']);
    expect(compiled('(x*)').allGroups('abc', 100)).toEqual(['', '', '', '']);
  });

  test('the everyday pattern runs in linear time on a body built to make V8 backtrack', () => {
    const pattern = compiled('<result>(.*)</result>');
    const body = '<result>'.repeat(128 * 1024);
    const startedMs = performance.now();
    expect(pattern.firstGroup(body)).toBeUndefined();
    expect(pattern.allGroups(`${body}</result>`, 5)).toHaveLength(1);
    expect(performance.now() - startedMs).toBeLessThan(2000);
  });
});
