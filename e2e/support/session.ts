/** The session cookie(s) an example sets for a demo login (`/demo/login?as=...`), as a Cookie header. */
export async function sessionCookie(base: string, who: 'alice' | 'bob'): Promise<string> {
  const response = await fetch(`${base}/demo/login?as=${who}`, { redirect: 'manual' });
  await response.arrayBuffer();
  if (response.status < 300 || response.status >= 400)
    throw new Error(`the demo login answered ${response.status}, not a redirect`);
  const cookies = response.headers.getSetCookie().map((line) => line.split(';')[0] as string);
  if (cookies.length === 0) throw new Error('the demo login set no session cookie');
  return cookies.join('; ');
}
