// The per-process state shared by the Nitro plugin and the server route.

import { createEnvIdentity } from '@intercom-identity/core';
import { useRuntimeConfig } from '#imports';
import { getUserSession, resolveUser } from '#intercom-identity/user-sources';
import { configOptions, type PrivateRuntimeConfig, type PublicRuntimeConfig } from './logic.js';

export const sources = { resolveUser, getUserSession };

/**
 * The identity for the config of this moment: the runtime config (nuxt.config,
 * overridden by NUXT_* variables) wins, and the unprefixed INTERCOM_* variables
 * of the process fill what it leaves unset.
 */
export const currentSetup = createEnvIdentity(
  () => globalThis.process?.env ?? {},
  () => {
    const runtimeConfig = useRuntimeConfig() as unknown as {
      intercomIdentity?: PrivateRuntimeConfig;
      public: { intercomIdentity?: PublicRuntimeConfig };
    };
    return configOptions(runtimeConfig.intercomIdentity, runtimeConfig.public.intercomIdentity);
  },
);
