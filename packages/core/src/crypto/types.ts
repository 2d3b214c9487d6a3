/**
 * The few primitives the core needs; one implementation per runtime family.
 * HMAC answers synchronously where the runtime can (node:crypto) and with a
 * promise where it cannot (Web Crypto); callers await either.
 */
export interface CryptoBackend {
  /** Which implementation this is, for diagnostics and benchmarks. */
  readonly name: 'node' | 'web';
  /** HMAC-SHA256(secret, message) as lowercase hex. Both strings are encoded as UTF-8. */
  hmacHex(secret: string, message: string): string | Promise<string>;
  /**
   * HMAC-SHA256(secret, message) as lowercase hex, synchronously, where the
   * runtime can (node:crypto); absent where it cannot (callers then compute it
   * in plain JavaScript, see ./sha256.ts).
   */
  hmacHexSync?: (secret: string, message: string) => string;
  /** HMAC-SHA256(secret, message) as unpadded base64url. */
  hmacBase64Url(secret: string, message: string): string | Promise<string>;
  /** Unpadded base64url of the UTF-8 bytes of `text`. */
  base64UrlEncode(text: string): string;
  /** UTF-8 text of unpadded base64url, or null when it is not valid base64url. */
  base64UrlDecode(text: string): string | null;
  /** SHA-256 of the UTF-8 bytes of `text`, as standard base64 (for CSP sources). */
  sha256Base64(text: string): Promise<string>;
}
