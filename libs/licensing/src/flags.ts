import { declareFlags } from '@backend/vendors';

/**
 * The licensing service's feature flags, with the default every check answers when the flag source cannot. Each is
 * an SSM String parameter `/<env>/licensing/flags/<flag>` (terraform/stacks/data creates them with their default;
 * operators own the value), or a StatSig gate of the same name where the environment selects StatSig.
 */
export const LICENSING_FLAGS = declareFlags({
  provider_registration: {
    default: true,
    description: 'The registration page offers practitioner self-registration.',
  },
  provider_search: {
    default: false,
    description: 'Pages offer the public provider search (not built yet: off until it is).',
  },
});

export type LicensingFlag = keyof typeof LICENSING_FLAGS;
