/** How a secret may be written down: as is, in base64 (any alignment), in hex, URL- or JSON-escaped. */
export interface SecretForm {
  encoding: 'text' | 'base64' | 'hex' | 'url-encoded' | 'json-escaped';
  value: string;
}

/**
 * The forms under which a secret can be recognised in a page, a script or our
 * own output. Base64 is taken at the three byte alignments, so the secret is
 * found inside a longer base64 string too (e.g. an encoded config object).
 */
export function secretForms(secret: string): SecretForm[] {
  const bytes = Buffer.from(secret, 'utf8');
  const forms: SecretForm[] = [{ encoding: 'text', value: secret }];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    // Only the characters made of the secret's bits alone: the same wherever it sits.
    const core = encoded.slice(Math.ceil((offset * 8) / 6), Math.floor(((offset + bytes.length) * 8) / 6));
    if (core.length >= 4) {
      forms.push({ encoding: 'base64', value: core });
      const urlSafe = core.replace(/\+/g, '-').replace(/\//g, '_');
      if (urlSafe !== core) forms.push({ encoding: 'base64', value: urlSafe });
    }
  }
  const hex = bytes.toString('hex');
  forms.push({ encoding: 'hex', value: hex }, { encoding: 'hex', value: hex.toUpperCase() });
  const url = encodeURIComponent(secret);
  if (url !== secret) forms.push({ encoding: 'url-encoded', value: url });
  const json = JSON.stringify(secret).slice(1, -1);
  if (json !== secret) forms.push({ encoding: 'json-escaped', value: json });
  return forms;
}

const REDACTED = '[secret redacted]';
// Shorter "secrets" would turn ordinary words into noise; they protect nothing anyway.
const MIN_REDACTED_LENGTH = 4;

/** Replaces every known form of every secret in `text`. A last line of defence for output built from page data. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < MIN_REDACTED_LENGTH) continue;
    for (const form of secretForms(secret))
      if (form.value.length >= MIN_REDACTED_LENGTH) out = out.split(form.value).join(REDACTED);
  }
  return out;
}
