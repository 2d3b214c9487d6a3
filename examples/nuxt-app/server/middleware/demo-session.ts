// Who is signed in: the Intercom module reads event.context.user when it renders
// a page and when /api/intercom-identity answers.
import { readDemoUser } from '../utils/demo-session';

export default defineEventHandler((event) => {
  event.context.user = readDemoUser(event);
});
