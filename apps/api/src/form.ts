import { TextDecoder } from 'node:util';

/**
 * `application/x-www-form-urlencoded` bodies, decoded in the charset the source declared
 * (Classic-era sources often post ISO-8859-1). A repeated key becomes an array, built in place
 * so a body of one key repeated thousands of times costs linear time.
 */
export function parseForm(
  raw: Buffer,
  contentType: string | undefined,
): Record<string, string | string[]> {
  const decoder = decoderFor(contentType);
  const out: Record<string, string | string[]> = Object.create(null) as Record<
    string,
    string | string[]
  >;
  const binary = raw.toString('latin1'); // one char per byte: & and = split at byte level
  if (binary === '') return out;
  for (const pair of binary.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const key = decodeComponent(equals < 0 ? pair : pair.slice(0, equals), decoder);
    const value = equals < 0 ? '' : decodeComponent(pair.slice(equals + 1), decoder);
    const existing = out[key];
    if (existing === undefined) out[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else out[key] = [existing, value];
  }
  return out;
}

/** An error Fastify answers with its status code. */
class UnsupportedCharsetError extends Error {
  readonly statusCode = 415;
}

function decoderFor(contentType: string | undefined): TextDecoder {
  const charset = /charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '')?.[1] ?? 'utf-8';
  try {
    return new TextDecoder(charset);
  } catch {
    throw new UnsupportedCharsetError(`unsupported charset "${charset.slice(0, 40)}"`);
  }
}

function decodeComponent(binary: string, decoder: TextDecoder): string {
  const bytes = binary
    .replace(/\+/g, ' ')
    .replace(/%([0-9A-Fa-f]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return decoder.decode(Buffer.from(bytes, 'latin1'));
}
