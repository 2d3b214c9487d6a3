// Proofs for the signed-in user: ?platform=ios|android for the mobile apps, and
// fresh JWTs for the browser (JWT, the default mode).
import { intercom } from '@/lib/intercom';

export const { GET, POST } = intercom.proofEndpoint;
