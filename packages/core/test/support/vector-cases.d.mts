/** A claim value in a vector token. */
export type VectorClaimValue = string | number | boolean | null;

/** One user_hash case. */
export interface HashVector {
  name: string;
  secret: string;
  identifier: string;
  user_hash: string;
}

/** One JWT case: `claims` in signing order, with a fixed `iat` (and `exp` unless the case is about its absence). */
export interface JwtVector {
  name: string;
  secret: string;
  claims: { user_id: string; iat: number; exp?: number; [claim: string]: VectorClaimValue | undefined };
  token: string;
}

/** The content of vectors.json. */
export interface Vectors {
  version: 1;
  about: string;
  hash: HashVector[];
  jwt: JwtVector[];
}

export declare const VECTORS_FILE: string;
export declare const MAIN_SECRET: string;
export declare const JWT_IAT: number;
export declare const JWT_EXP: number;
export declare function hmacHex(secret: string, message: string): string;
export declare function signJwt(secret: string, claims: Record<string, VectorClaimValue>): string;
export declare function buildVectors(): Vectors;
export declare function serializeVectors(vectors: Vectors): string;
