import type { TronNetworkConfig } from '../../../config/index.js'
import { ConfigError } from '../../../config/config-error.js'
import type { SecretBox } from '../../../security/secret-box.js'
import { networkSecrets } from '../network-secrets.js'
import { createTronAdapter } from './tron-adapter.js'
import type { TronAdapter } from './tron-adapter.js'
import { TronApi } from './tron-api.js'
import { TronDepositKeys, TronKeyError, tronAddressOfPrivateKey, tronHotWalletKey } from './tron-keys.js'

/**
 * One configured TRON network, ready to register: its keys opened from their sealed form with
 * the master key, its API client, its adapter. No network I/O here; `adapter.verify()` checks
 * the node when the server starts.
 */
export function openTronNetwork(config: TronNetworkConfig, box: SecretBox): TronAdapter {
  const where = `KASSA_TRON_NETWORKS_FILE: ${config.network}`
  const { open, key } = networkSecrets(box, where, TronKeyError)
  const d = config.deposits
  const depositKeys =
    'xpub' in d
      ? key('deposits.xpub', () => TronDepositKeys.fromXpub(d.xpub))
      : key('deposits.mnemonic', () => TronDepositKeys.fromMnemonic(open(d.mnemonicSealed, 'deposits.mnemonic')))
  const h = config.hotWallet
  const hotWalletKey =
    h === undefined
      ? undefined
      : 'privateKeySealed' in h
        ? key('hotWallet.privateKey', () => tronHotWalletKey({ privateKey: open(h.privateKeySealed, 'hotWallet.privateKey') }))
        : key('hotWallet.mnemonic', () => tronHotWalletKey({ mnemonic: open(h.mnemonicSealed, 'hotWallet.mnemonic') }))
  // Deposit index 0 of the hot wallet's own mnemonic would be the hot wallet: a sweep from it
  // would empty the hot wallet into itself.
  if (hotWalletKey && tronAddressOfPrivateKey(hotWalletKey) === depositKeys.address(0)) {
    throw new ConfigError(`${where}: [hotWallet] the hot wallet and the deposit addresses must come from different keys`)
  }
  const api = new TronApi({ network: config.network, httpUrl: config.httpUrl, jsonRpcUrl: config.jsonRpcUrl, apiKey: config.apiKey })
  return createTronAdapter({ config, api, depositKeys, hotWalletKey })
}
