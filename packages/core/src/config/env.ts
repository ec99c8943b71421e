import { formatPath, type ConfigIssue } from '../errors.js';
import { isRawObject, type Path } from './issues.js';

/** The result of substituting `${VAR}` references through a whole configuration tree. */
export interface Substitution {
  /** A copy of the input with every reference replaced; other values are kept as they are. */
  value: unknown;
  /** One issue per reference that could not be substituted. */
  issues: ConfigIssue[];
}

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Replaces `${VAR}` in every string value (keys are left alone) with `env[VAR]`. `$${` stands
 * for a literal `${`. A variable that is unset or empty, a malformed name and an unterminated
 * `${` are issues at the path of the string. Substituted text is not scanned again.
 */
export function substituteEnv(
  raw: unknown,
  env: Readonly<Record<string, string | undefined>>,
): Substitution {
  const issues: ConfigIssue[] = [];

  const walk = (value: unknown, path: Path): unknown => {
    if (typeof value === 'string') {
      const { text, problems } = substituteString(value, env);
      for (const message of problems) {
        const formatted = formatPath(path) || '(root)';
        issues.push({ path: formatted, message });
      }
      return text;
    }
    if (Array.isArray(value)) return value.map((item, index) => walk(item, [...path, index]));
    if (isRawObject(value)) {
      // fromEntries defines properties, so a "__proto__" key stays an ordinary key.
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [key, walk(item, [...path, key])]),
      );
    }
    return value;
  };

  return { value: walk(raw, []), issues };
}

/** Substitutes the references in one string, reporting each problem. */
export function substituteString(
  value: string,
  env: Readonly<Record<string, string | undefined>>,
): { text: string; problems: string[] } {
  const problems: string[] = [];
  let text = '';
  let index = 0;

  for (;;) {
    const dollar = value.indexOf('$', index);
    if (dollar === -1) break;
    text += value.slice(index, dollar);

    if (value.startsWith('$${', dollar)) {
      text += '${';
      index = dollar + 3;
      continue;
    }
    if (!value.startsWith('${', dollar)) {
      text += '$';
      index = dollar + 1;
      continue;
    }

    const close = value.indexOf('}', dollar + 2);
    if (close === -1) {
      problems.push('unterminated ${ reference (write $${ for a literal ${)');
      text += value.slice(dollar);
      index = value.length;
      break;
    }
    const name = value.slice(dollar + 2, close);
    index = close + 1;

    if (!VARIABLE_NAME.test(name)) {
      problems.push(
        `\${${name}} is not a valid environment variable reference (write $\${ for a literal \${)`,
      );
      continue;
    }
    const substituted = Object.hasOwn(env, name) ? env[name] : undefined;
    if (substituted === undefined) problems.push(`environment variable ${name} is not set`);
    else if (substituted === '') problems.push(`environment variable ${name} is empty`);
    else text += substituted;
  }

  return { text: text + value.slice(index), problems };
}
