// Demo login: GET /demo/login?as=alice (or bob), optionally &name=... as a user
// could set in a profile form. Replace it with your real sign-in.
import { isDemoUserKey } from '../../../shared/demo-users';
import { startDemoSession } from '../../utils/demo-session';

export default defineEventHandler((event) => {
  const query = getQuery(event);
  const as = typeof query.as === 'string' ? query.as : null;
  setResponseHeader(event, 'cache-control', 'no-store');
  if (!isDemoUserKey(as)) {
    setResponseStatus(event, 400);
    setResponseHeader(event, 'content-type', 'text/plain; charset=utf-8');
    return 'Unknown demo user. Sign in with /demo/login?as=alice or /demo/login?as=bob.\n';
  }
  startDemoSession(event, as, typeof query.name === 'string' ? query.name : null);
  return sendRedirect(event, '/', 303);
});
