// /api/intercom-identity: the proof endpoint, for the site's mobile apps and fresh web JWTs.

import { defineEventHandler, toWebRequest } from '#imports';
import type { EventLike } from './logic.js';
import { intercom } from './setup.js';

export default defineEventHandler((event) => intercom.endpoint(event as unknown as EventLike, toWebRequest(event)));
