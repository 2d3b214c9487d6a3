// /api/intercom-identity: proofs for the site's mobile apps and fresh web JWTs.

import { setupErrorResponse } from '@intercom-identity/core';
import { defineEventHandler, toWebRequest } from '#imports';
import { createProofEndpoint, type EventLike } from './logic.js';
import { currentSetup, sources } from './setup.js';

const endpoint = createProofEndpoint(sources);

export default defineEventHandler((event) => {
  const setup = currentSetup();
  if (!setup.ok) return setupErrorResponse(setup.error);
  return endpoint(setup.identity, event as unknown as EventLike, toWebRequest(event));
});
