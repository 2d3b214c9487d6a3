// The per-process state shared by the Nitro plugin and the server route.

import { useRuntimeConfig } from '#imports';
import { getUserSession, resolveUser } from '#intercom-identity/user-sources';
import {
  createNuxtIntercom,
  type EventLike,
  type PrivateRuntimeConfig,
  type PublicRuntimeConfig,
  runtimeConfigEnv,
  runtimeConfigOptions,
} from './logic.js';

/**
 * The module's server side for the config of this moment: the runtime config
 * (nuxt.config, overridden by NUXT_* variables) wins, and the unprefixed
 * INTERCOM_* variables of the process fill what it leaves unset.
 */
const readRuntimeConfig = () =>
  useRuntimeConfig() as unknown as {
    intercomIdentity?: PrivateRuntimeConfig;
    public: { intercomIdentity?: PublicRuntimeConfig };
  };

export const intercom = createNuxtIntercom<EventLike>(
  { resolveUser, getUserSession },
  () => {
    const runtimeConfig = readRuntimeConfig();
    return runtimeConfigEnv(runtimeConfig.intercomIdentity, runtimeConfig.public.intercomIdentity, globalThis.process?.env);
  },
  undefined,
  () => runtimeConfigOptions(readRuntimeConfig().intercomIdentity),
);
