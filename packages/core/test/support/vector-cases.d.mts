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

/** A value in boot settings: JSON whose numbers are integers. */
export type VectorSettingValue = string | number | boolean | null | VectorSettingValue[] | { [key: string]: VectorSettingValue };

/** Boot settings as the core (and the PHP plugin) put them into `window.intercomSettings`. */
export interface VectorSettings {
  app_id: string;
  [setting: string]: VectorSettingValue;
}

/** One boot script case: the inputs of createIdentity(...).renderScript(...) and the whole tag it returns. */
export interface LoaderVector {
  name: string;
  app_id: string;
  /** The widget URL (template) passed as `widgetUrl`; null for the default. */
  widget_url: string | null;
  /** The consent mode passed as `consent`: with `required` (or load `interaction`) the loader is the gated one. */
  consent: 'none' | 'required';
  /** The load mode passed as `load`. */
  load: 'page' | 'interaction';
  settings: VectorSettings;
  /** The CSP nonce passed to renderScript; null for none. */
  nonce: string | null;
  /** The web secret of the identity that rendered the script (it keys the person marker). */
  secret: string;
  script: string;
}

/** One person marker case: personMarker(settings), and personStorageKey(settings.app_id). */
export interface PersonMarkerVector {
  name: string;
  settings: VectorSettings;
  /** The web secret the marker key is derived from. */
  secret: string;
  marker: string;
  storage_key: string;
}

/** The content of vectors.json. */
export interface Vectors {
  version: 1;
  about: string;
  hash: HashVector[];
  jwt: JwtVector[];
  loader: LoaderVector[];
  personMarkers: PersonMarkerVector[];
}

/** The built core's functions that the loader and marker vectors come from. */
export interface VectorCore {
  renderScript(
    appId: string,
    widgetUrl: string | null,
    secret: string,
    settings: VectorSettings,
    nonce: string | null,
    modes?: { consent?: 'none' | 'required'; load?: 'page' | 'interaction' },
  ): string;
  personMarker(settings: VectorSettings, secret: string): string;
  personStorageKey(appId: string): string;
}

/** The parts of the core's entry points that {@link vectorCore} uses. */
export interface VectorCoreModules {
  index: {
    createIdentity(config: {
      appId: string;
      secret: string;
      widgetUrl?: string;
      consent?: 'none' | 'required';
      load?: 'page' | 'interaction';
      logger: { warn(line: string): void; error(line: string): void };
    }): {
      renderScript(settings: VectorSettings, options?: { nonce?: string }): string;
    };
    personMarker(settings: VectorSettings, markerKey: string): string;
    personMarkerKey(secret: string): string;
  };
  client: { personStorageKey(appId: string): string };
}

export declare const VECTORS_FILE: string;
export declare const MAIN_SECRET: string;
export declare const JWT_IAT: number;
export declare const JWT_EXP: number;
export declare function hmacHex(secret: string, message: string): string;
export declare function signJwt(secret: string, claims: Record<string, VectorClaimValue>): string;
export declare function vectorCore(index: VectorCoreModules['index'], client: VectorCoreModules['client']): VectorCore;
export declare function loadBuiltCore(): Promise<VectorCore>;
export declare function buildVectors(core: VectorCore): Vectors;
export declare function serializeVectors(vectors: Vectors): string;
