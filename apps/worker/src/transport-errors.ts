/**
 * Turns a failed exchange (no usable HTTP answer) into the specific reason DESIGN.md asks for:
 * connection refused, DNS, TLS, reset, timeout. Decided by the error's code, never its text.
 */
export function transportReason(code: string | undefined, timeoutMs: number): string {
  switch (code) {
    case 'ETIMEDOUT':
      return `timeout: no complete answer within ${timeoutMs} ms`;
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
    case 'EAI_FAIL':
      return `DNS lookup failed (${code})`;
    case 'ECONNRESET':
    case 'EPIPE':
      return 'connection reset by the buyer';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `buyer host unreachable (${code})`;
    case 'ERR_RESPONSE_TOO_LARGE':
      return 'response too large';
    case undefined:
      return 'transport error';
    case 'EPROTO':
      return 'TLS error (EPROTO: the buyer did not speak TLS on this port?)';
    default:
      if (code.startsWith('HPE_')) return `malformed HTTP response from the buyer (${code})`;
      if (/^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED)/.test(code)) {
        return `TLS error (${code})`;
      }
      return `transport error (${code})`;
  }
}
