import type { StatusMatcher } from '../config/types.js';

// Reason phrases of RFC 9110 §15 (plus 429 from RFC 6585), for readable generated reasons.
const REASON_PHRASES: Readonly<Record<number, string>> = {
  100: 'Continue',
  101: 'Switching Protocols',
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  203: 'Non-Authoritative Information',
  204: 'No Content',
  205: 'Reset Content',
  206: 'Partial Content',
  300: 'Multiple Choices',
  301: 'Moved Permanently',
  302: 'Found',
  303: 'See Other',
  304: 'Not Modified',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  407: 'Proxy Authentication Required',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  411: 'Length Required',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  417: 'Expectation Failed',
  421: 'Misdirected Request',
  422: 'Unprocessable Content',
  426: 'Upgrade Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
  505: 'HTTP Version Not Supported',
};

/** True for an integer status in 100–599, the range RFC 9110 §15 defines. */
export function isValidStatus(status: number): boolean {
  return Number.isInteger(status) && status >= 100 && status <= 599;
}

/** True for 200–299. */
export function isSuccessStatus(status: number): boolean {
  return status >= 200 && status <= 299;
}

/** True when `status` equals one of the numbers or falls in one of the classes ("5xx"). */
export function matchesStatus(status: number, matchers: readonly StatusMatcher[]): boolean {
  return matchers.some((matcher) =>
    typeof matcher === 'number'
      ? matcher === status
      : Math.floor(status / 100) === Number(matcher.charAt(0)),
  );
}

/** "HTTP 503 Service Unavailable", or "HTTP 599" for a status without a standard phrase. */
export function describeStatus(status: number): string {
  const phrase = REASON_PHRASES[status];
  return phrase === undefined ? `HTTP ${status}` : `HTTP ${status} ${phrase}`;
}
