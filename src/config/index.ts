export { loadConfig, ConfigError } from './config.js'
export type { KassaConfig, WebhookConfig } from './config.js'
export { resolveMasterKey } from './master-key.js'
export type { EvmNetworkConfig, EvmTokenConfig } from './evm-networks.js'
