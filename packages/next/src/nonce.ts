/** The read-only request headers that `headers()` returns. */
export interface RequestHeaders {
  get(name: string): string | null;
}

const CSP_NONCE = /'nonce-([^']+)'/;

/**
 * The CSP nonce of this request: the header the app's proxy sets (`x-nonce` by
 * default), else the nonce in the request's Content-Security-Policy header,
 * which is where Next.js itself reads it from for its own scripts.
 */
export function readNonce(requestHeaders: RequestHeaders, headerName: string): string | undefined {
  const direct = requestHeaders.get(headerName)?.trim();
  if (direct) return direct;
  const policy = requestHeaders.get('content-security-policy');
  return policy ? CSP_NONCE.exec(policy)?.[1] : undefined;
}
