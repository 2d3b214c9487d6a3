/**
 * The route module the integration injects at its `proofRoute`
 * (`/api/intercom-identity` by default): the proof endpoint for every method,
 * rendered on demand.
 */
import { intercomProofEndpoint } from './endpoint.js';

export const prerender = false;

export const ALL = intercomProofEndpoint();
