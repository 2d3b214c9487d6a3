// Proofs for the signed-in user (event.locals.user): ?platform=ios|android for
// the mobile apps, and fresh JWTs for the browser (INTERCOM_IDENTITY_MODE=jwt).
import { intercomProofEndpoint } from '@intercom-identity/sveltekit';

export const { GET, POST } = intercomProofEndpoint();
