import type { DataStore } from '@statsig/statsig-node-core';

/**
 * Rules as StatSig's CDN serves them (`/v2/download_config_specs`, the format the server core SDK parses), handed to
 * the SDK through its `DataStore` adapter so that it evaluates real rules without the network.
 */
export const statsigRules = {
  has_updates: true,
  time: 1_767_225_600_000,
  feature_gates: {
    // On for users whose `tier` attribute is `beta`, off for everyone else.
    beta_registration: {
      name: 'beta_registration',
      type: 'feature_gate',
      entity: 'feature_gate',
      salt: 'beta-salt',
      enabled: true,
      defaultValue: false,
      idType: 'userID',
      rules: [
        {
          name: 'beta testers',
          id: 'rule-beta',
          salt: 'rule-beta',
          passPercentage: 100,
          conditions: ['tier-is-beta'],
          returnValue: true,
          idType: 'userID',
          groupName: 'beta testers',
        },
      ],
    },
    // Turned off in StatSig: off for everyone, whatever the service declared.
    retired_feature: {
      name: 'retired_feature',
      type: 'feature_gate',
      entity: 'feature_gate',
      salt: 'retired-salt',
      enabled: false,
      defaultValue: false,
      idType: 'userID',
      rules: [],
    },
  },
  condition_map: {
    'tier-is-beta': {
      type: 'user_field',
      field: 'tier',
      operator: 'any',
      targetValue: ['beta'],
      idType: 'userID',
    },
  },
  dynamic_configs: {},
  layer_configs: {},
  layers: {},
  experiment_to_layer: {},
};

/** A DataStore serving `rules` (or text that is not rules), recording the keys the SDK asked for. */
export function rulesStore(rules: unknown = statsigRules): DataStore & { keys: string[] } {
  const keys: string[] = [];
  return {
    keys,
    initialize: async () => undefined,
    shutdown: async () => undefined,
    get: async (key: string) => {
      keys.push(key);
      return { result: typeof rules === 'string' ? rules : JSON.stringify(rules), time: statsigRules.time };
    },
    set: async () => undefined,
    supportPollingUpdatesFor: async () => false,
  };
}
