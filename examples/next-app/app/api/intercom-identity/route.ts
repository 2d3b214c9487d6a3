// Proofs for the signed-in user: ?platform=ios|android for the mobile apps, and
// fresh JWTs for the browser (INTERCOM_IDENTITY_MODE=jwt).
import { intercom } from '@/lib/intercom';

export const { GET, POST } = intercom.proofEndpoint;
