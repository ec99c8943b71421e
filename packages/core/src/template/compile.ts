import { parseTemplate } from './parse.js';

/** Looks up a placeholder's value by name; unknown names give an empty string. */
export type ValueLookup = (name: string) => string;

/** A value escaper for one context (URL, JSON string, XML text, header value). */
export type Escaper = (value: string) => string;

/** A template compiled once, rendered per lead: no parsing happens at render time. */
export type CompiledTemplate = (lookup: ValueLookup) => string;

const identity: Escaper = (value) => value;

/**
 * Compiles a `#{…}` template. Each placeholder's value is passed through `escape` (default: no
 * escaping); literal text is kept as written. Rendering is a single pass: a value that itself
 * contains `#{…}` is inserted as is, never expanded again.
 */
export function compileTemplate(template: string, escape: Escaper = identity): CompiledTemplate {
  const { segments } = parseTemplate(template);

  if (segments.length === 0) return () => '';
  if (segments.length === 1 && segments[0]?.kind === 'text') {
    const text = segments[0].text;
    return () => text;
  }

  // Literal text sits at even indexes, placeholder names at odd ones.
  const texts: string[] = [''];
  const names: string[] = [];
  for (const segment of segments) {
    if (segment.kind === 'text') texts[texts.length - 1] += segment.text;
    else {
      names.push(segment.name);
      texts.push('');
    }
  }

  return (lookup) => {
    let out = texts[0] ?? '';
    for (let i = 0; i < names.length; i++) {
      out += escape(lookup(names[i] ?? '')) + (texts[i + 1] ?? '');
    }
    return out;
  };
}
