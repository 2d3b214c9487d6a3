// Proofs for the signed-in user (event.locals.user): ?platform=ios|android for
// the mobile apps, and fresh JWTs for the browser (JWT, the default mode).
import { intercomProofEndpoint } from '@intercom-identity/sveltekit';

export const { GET, POST } = intercomProofEndpoint();
