/** The demo users of the examples (`/demo/login?as=...`); the starters' stand-in login knows Alice only. */
export type DemoUserName = 'alice' | 'bob' | 'carol' | 'dave';

/** The session cookie(s) an example sets for a demo login (`/demo/login?as=...`), as a Cookie header. */
export async function sessionCookie(base: string, who: DemoUserName): Promise<string> {
  const response = await fetch(`${base}/demo/login?as=${who}`, { redirect: 'manual' });
  await response.arrayBuffer();
  if (response.status < 300 || response.status >= 400)
    throw new Error(`the demo login answered ${response.status}, not a redirect`);
  const cookies = response.headers.getSetCookie().map((line) => line.split(';')[0] as string);
  if (cookies.length === 0) throw new Error('the demo login set no session cookie');
  return cookies.join('; ');
}

/** The login cookies of a WordPress user, through wp-login.php as a browser would post it. */
export async function wordpressSessionCookie(base: string, user: string, password: string): Promise<string> {
  const response = await fetch(`${base}/wp-login.php`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: 'wordpress_test_cookie=WP%20Cookie%20check' },
    body: new URLSearchParams({ log: user, pwd: password, testcookie: '1', 'wp-submit': 'Log In' }).toString(),
  });
  await response.arrayBuffer();
  if (response.status !== 302) throw new Error(`wp-login.php answered ${response.status}, not the redirect of a good password`);
  return response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0] as string)
    .filter((pair) => !pair.endsWith('=deleted'))
    .join('; ');
}
