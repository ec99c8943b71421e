/**
 * The placeholder syntax shared by URLs, bodies and headers: `#{name}` stands for the lead's
 * field `name` (or a system field such as `#{xxLeadId}`); everything else is literal text.
 */

/** One piece of a parsed template: literal text, or a placeholder to fill in. */
export type TemplateSegment =
  { kind: 'text'; text: string } | { kind: 'placeholder'; name: string };

/** A template split into segments, plus what is wrong with it (empty when it is well formed). */
export interface ParsedTemplate {
  segments: TemplateSegment[];
  /** Human-readable problems, for configuration issues; rendering ignores them. */
  problems: string[];
}

/** System placeholders: filled from the lead's metadata, never from its fields. */
export const SYSTEM_PLACEHOLDERS = ['xxLeadId', 'xxCampaignId', 'xxDateTimeCollected'] as const;

/** The name of a system placeholder. */
export type SystemPlaceholder = (typeof SYSTEM_PLACEHOLDERS)[number];

const OPEN = '#{';
const CLOSE = '}';

/**
 * Splits a template into text and placeholders. Whitespace around a placeholder's name is
 * ignored (`#{ email }` is `#{email}`). Lenient: an unterminated `#{` is kept as literal text
 * and reported in `problems`, as are empty names and names containing `#{`.
 */
export function parseTemplate(template: string): ParsedTemplate {
  const segments: TemplateSegment[] = [];
  const problems: string[] = [];
  let text = '';
  let index = 0;

  while (index < template.length) {
    const open = template.indexOf(OPEN, index);
    if (open === -1) break;
    const close = template.indexOf(CLOSE, open + OPEN.length);
    if (close === -1) {
      problems.push(`unterminated placeholder "${OPEN}" at character ${open + 1}`);
      break;
    }

    const name = template.slice(open + OPEN.length, close).trim();
    if (name === '') problems.push('empty placeholder "#{}"');
    else if (name.includes(OPEN)) problems.push(`placeholder names cannot contain "${OPEN}"`);

    text += template.slice(index, open);
    if (text !== '') segments.push({ kind: 'text', text });
    text = '';
    segments.push({ kind: 'placeholder', name });
    index = close + CLOSE.length;
  }

  text += template.slice(index);
  if (text !== '') segments.push({ kind: 'text', text });
  return { segments, problems };
}

/** True when the template contains at least one `#{…}` placeholder. */
export function hasPlaceholders(template: string): boolean {
  return parseTemplate(template).segments.some((segment) => segment.kind === 'placeholder');
}
