/**
 * @intercom-identity/nuxt: Intercom Identity Verification for Nuxt. The module
 * signs the Messenger's boot script on the server for the signed-in user of each
 * request, mounts the mobile and token-refresh endpoint, and keeps the Messenger
 * in step with client-side navigation.
 *
 * @packageDocumentation
 */
import type { ConsentMode, IdentityMode, JwtConfig, LoadMode, Region } from '@intercom-identity/core';
import {
  addImports,
  addPlugin,
  addServerHandler,
  addServerImports,
  addServerPlugin,
  createResolver,
  defineNuxtModule,
  hasNuxtModule,
  resolvePath,
  useLogger,
} from '@nuxt/kit';
import { defu } from 'defu';
import { autoImports } from './auto-imports.js';
import { checkModuleOptions, DEFAULT_ROUTE } from './options.js';
import { cachedPageWarning, findCachedPageRoutes } from './runtime/cache-rules.js';
import { userSourcesModule } from './user-sources.js';

/** Options under `intercomIdentity` in nuxt.config. Every one can also come from the environment at run time. */
export interface ModuleOptions {
  /** Intercom workspace id. Run time: INTERCOM_APP_ID or NUXT_PUBLIC_INTERCOM_IDENTITY_APP_ID. */
  appId?: string;
  /**
   * Web secret. Prefer INTERCOM_IDENTITY_SECRET (or NUXT_INTERCOM_IDENTITY_SECRET)
   * at run time: a value here is built into the server bundle.
   */
  secret?: string;
  /** Mobile secrets. Run time: INTERCOM_IDENTITY_SECRET_IOS / _ANDROID. */
  secrets?: { ios?: string; android?: string };
  /** 'jwt' (default) or 'user_hash', the compatible mode. Run time: INTERCOM_IDENTITY_MODE. */
  mode?: IdentityMode;
  /** 'us' (default), 'eu' or 'au'. Run time: INTERCOM_REGION. */
  region?: Region;
  /** Messenger loader URL, e.g. a local fake Messenger. Run time: INTERCOM_WIDGET_URL. */
  widgetUrl?: string;
  /**
   * 'required': nothing of Intercom loads and no cookie is set until the browser
   * calls `grantIntercomConsent()`. Default 'none'. Run time: INTERCOM_CONSENT
   * or NUXT_PUBLIC_INTERCOM_IDENTITY_CONSENT.
   */
  consent?: ConsentMode;
  /**
   * 'interaction': a light launcher, and the Messenger loads on its first click.
   * Default 'page'. Run time: INTERCOM_LOAD or NUXT_PUBLIC_INTERCOM_IDENTITY_LOAD.
   */
  load?: LoadMode;
  /** JWT options; `expiresIn: null` for tokens without `exp`. Run time: INTERCOM_IDENTITY_JWT_*. */
  jwt?: JwtConfig;
  /**
   * Milliseconds a request waits for the signed-in user; past it the page boots
   * a visitor and the endpoint answers 500 `SESSION_LOOKUP_TIMEOUT`. Default
   * 3000; false (or 0) for no limit. Run time: NUXT_INTERCOM_IDENTITY_USER_TIMEOUT.
   */
  userTimeout?: number | false;
  /** Where the mobile and token-refresh endpoint is mounted; false for none. Default `/api/intercom-identity`. */
  route?: string | false;
  /**
   * A server file whose default export returns the signed-in user of an H3
   * event (or null), e.g. `'~~/server/intercom-user'`. Without it the module
   * uses `event.context.user`, then the nuxt-auth-utils session.
   */
  resolveUser?: string;
}

/**
 * The Nuxt module. Add it to `modules` and set `INTERCOM_APP_ID` and
 * `INTERCOM_IDENTITY_SECRET` where the server runs.
 *
 * @example
 * ```ts
 * // nuxt.config.ts
 * export default defineNuxtConfig({
 *   modules: ['@intercom-identity/nuxt'],
 *   intercomIdentity: { resolveUser: '~~/server/intercom-user' },
 * });
 * ```
 */
export default defineNuxtModule<ModuleOptions>({
  meta: {
    name: '@intercom-identity/nuxt',
    configKey: 'intercomIdentity',
    compatibility: { nuxt: '>=3.13.0' },
  },
  defaults: { route: DEFAULT_ROUTE },
  async setup(options, nuxt) {
    const logger = useLogger('intercom-identity');
    const resolver = createResolver(import.meta.url);
    const route = checkModuleOptions(options);
    if (options.secret || options.secrets?.ios || options.secrets?.android)
      logger.warn(
        'A secret is set in nuxt.config, so it is built into the server bundle. Set INTERCOM_IDENTITY_SECRET (and _IOS / _ANDROID) where the server runs instead.',
      );

    // Secrets only in the private runtime config; what the browser may know in the public one.
    const runtimeConfig = nuxt.options.runtimeConfig;
    runtimeConfig.intercomIdentity = defu(runtimeConfig.intercomIdentity as object | undefined, {
      secret: options.secret ?? '',
      secrets: { ios: options.secrets?.ios ?? '', android: options.secrets?.android ?? '' },
      // Set at run time only (INTERCOM_IDENTITY_SECRET_PREVIOUS or NUXT_INTERCOM_IDENTITY_PREVIOUS_SECRET), while rotating.
      previousSecret: '',
      previousSecrets: { ios: '', android: '' },
      mode: options.mode ?? '',
      jwt: {
        // Nitro turns null into '', so "no exp" travels as 'none'.
        expiresIn: options.jwt?.expiresIn === null ? 'none' : (options.jwt?.expiresIn ?? ''),
        signedAttributes: options.jwt?.signedAttributes ? [...options.jwt.signedAttributes] : '',
        fallbackToUserHash: options.jwt?.fallbackToUserHash ?? '',
      },
      // Infinity does not survive the runtime config's JSON: no limit travels as false.
      userTimeout: options.userTimeout === Number.POSITIVE_INFINITY ? false : (options.userTimeout ?? ''),
    });
    runtimeConfig.public.intercomIdentity = defu(runtimeConfig.public.intercomIdentity as object | undefined, {
      appId: options.appId ?? '',
      region: options.region ?? '',
      widgetUrl: options.widgetUrl ?? '',
      consent: options.consent ?? '',
      load: options.load ?? '',
      route,
    });

    const resolveUserPath = options.resolveUser ? await resolvePath(options.resolveUser) : undefined;
    const withAuthUtils = hasNuxtModule('nuxt-auth-utils', nuxt);
    nuxt.hook('nitro:init', async (nitro) => {
      let sessionFrom: string | undefined;
      if (withAuthUtils) {
        const imports = (await nitro.unimport?.getImports()) ?? [];
        sessionFrom = imports.find((entry) => (entry.as ?? entry.name) === 'getUserSession')?.from;
        if (sessionFrom === undefined)
          logger.warn('nuxt-auth-utils is installed but its getUserSession was not found; its session is not used.');
      }
      nitro.options.virtual['#intercom-identity/user-sources'] = () =>
        userSourcesModule({ resolveUser: resolveUserPath, getUserSession: sessionFrom });
    });

    addServerPlugin(resolver.resolve('./runtime/server/plugin'));
    // The server's half of a logout, for the app's own logout route.
    addServerImports([{ name: 'expireIntercomSession', from: resolver.resolve('./runtime/server/logout') }]);
    if (route !== false) addServerHandler({ route, handler: resolver.resolve('./runtime/server/handler') });
    addPlugin({ src: resolver.resolve('./runtime/plugin.client'), mode: 'client' });
    // useIntercomSync() and the consent helpers (grantIntercomConsent(), ...), auto-imported.
    addImports(autoImports((path) => resolver.resolve(path)));

    // A page in a shared cache cannot carry one person's proof: say so while building.
    nuxt.hook('nitro:config', (nitroConfig) => {
      const cached = findCachedPageRoutes(nitroConfig.routeRules as Parameters<typeof findCachedPageRoutes>[0], {
        prerenderRoutes: (nitroConfig.prerender?.routes ?? []).filter((r): r is string => typeof r === 'string'),
        endpoint: route,
      });
      for (const entry of cached) logger.warn(cachedPageWarning(entry));
    });
  },
});
