// Demo logout: ends the session and goes home. The Log out button calls
// useIntercomSync().shutdown() before it navigates here.
import { endDemoSession } from '../../utils/demo-session';

export default defineEventHandler((event) => {
  endDemoSession(event);
  setResponseHeader(event, 'cache-control', 'no-store');
  return sendRedirect(event, '/', 303);
});
