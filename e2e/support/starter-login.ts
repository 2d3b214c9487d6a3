/**
 * The sign-in of a fresh app whose README leaves its place to the app: a
 * Setup block with a line such as `// ...your login route here: it sets
 * req.session.user` gets the app's own login route there, as a user writes
 * theirs. The route is a stand-in, `/demo/login?as=alice`, so that
 * `sessionCookie(url, 'alice')` (support/session.ts) signs in through it.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FRESH_USER } from './fresh-app-checks.js';

/** The user the stand-in login signs in, in the `{ id, email, name }` shape the READMEs ask for. */
export const LOGIN_USER = { id: FRESH_USER.user_id, email: FRESH_USER.email, name: FRESH_USER.name };

/** The Express README's (and the React README's backend's) place for the login route. */
export const EXPRESS_LOGIN_PLACEHOLDER = '// ...your login route here: it sets req.session.user';

/** An Express login route that keeps the user in express-session, as the README says. */
export const EXPRESS_LOGIN_ROUTE = `// The app's own login, a stand-in: /demo/login?as=alice signs Alice in.
app.get('/demo/login', (req, res) => {
  req.session.user = req.query.as === 'alice' ? ${JSON.stringify(LOGIN_USER)} : undefined;
  res.redirect(303, '/');
});`;

/**
 * Puts the app's own code where a README file (already written into the app)
 * leaves a line for it; fails when the README no longer has that line.
 */
export async function fillReadmePlaceholder(appDir: string, path: string, placeholder: string, code: string): Promise<void> {
  const file = join(appDir, path);
  const text = await readFile(file, 'utf8');
  if (!text.includes(placeholder)) throw new Error(`The README's ${path} has no line "${placeholder}" for the app's own code.`);
  await writeFile(file, text.replace(placeholder, code));
}
