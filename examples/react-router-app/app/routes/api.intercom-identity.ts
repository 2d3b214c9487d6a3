// The proof endpoint: the signed-in user's proof for the site's iOS and Android
// apps (?platform=ios|android), and fresh JWTs for the browser's Messenger.
// GET and HEAD go to the loader; POST and the CORS preflight to the action.
import { intercomProofEndpoint } from '@intercom-identity/react-router/server';

const proofEndpoint = intercomProofEndpoint();

// One export each (not destructured): React Router's build takes each server export out of the browser bundle by name.
export const loader = proofEndpoint.loader;
export const action = proofEndpoint.action;
