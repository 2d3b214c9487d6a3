// Demo logout: ends the session, expires the Messenger's session cookie and
// goes home. The Log out button calls useIntercomSync().shutdown() before it
// navigates here; the expired cookie covers a logout where that never ran.
import { endDemoSession } from '../../utils/demo-session';

export default defineEventHandler((event) => {
  endDemoSession(event);
  expireIntercomSession(event);
  setResponseHeader(event, 'cache-control', 'no-store');
  return sendRedirect(event, '/', 303);
});
