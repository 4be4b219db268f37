import type { EvmNetworkConfig } from '../../../config/index.js'
import { ConfigError } from '../../../config/config-error.js'
import type { SecretBox } from '../../../security/secret-box.js'
import { createEvmAdapter } from './evm-adapter.js'
import type { EvmAdapter } from './evm-adapter.js'
import { EvmDepositKeys, EvmKeyError, addressOfPrivateKey, hotWalletPrivateKey } from './evm-keys.js'
import { EvmRpc } from './evm-rpc.js'

/**
 * One configured EVM network, ready to register: its keys opened from their sealed form with
 * the master key, its RPC client, its adapter. No network I/O here; `adapter.verify()` checks
 * the node when the server starts.
 */
export function openEvmNetwork(config: EvmNetworkConfig, box: SecretBox): EvmAdapter {
  const where = `KASSA_EVM_NETWORKS_FILE: ${config.network}`
  const open = (sealed: string, what: string): string => {
    try {
      return box.open(sealed)
    } catch {
      throw new ConfigError(`${where}: ${what} cannot be opened with this master key (sealed with another one?)`)
    }
  }
  let depositKeys: EvmDepositKeys
  let hotWalletKey: `0x${string}` | undefined
  try {
    depositKeys =
      'xpub' in config.deposits
        ? EvmDepositKeys.fromXpub(config.deposits.xpub)
        : EvmDepositKeys.fromMnemonic(open(config.deposits.mnemonicSealed, 'deposits.mnemonic'))
    if (config.hotWallet) {
      hotWalletKey =
        'privateKeySealed' in config.hotWallet
          ? hotWalletPrivateKey({ privateKey: open(config.hotWallet.privateKeySealed, 'hotWallet.privateKey') })
          : hotWalletPrivateKey({ mnemonic: open(config.hotWallet.mnemonicSealed, 'hotWallet.mnemonic') })
    }
  } catch (err) {
    if (err instanceof EvmKeyError) throw new ConfigError(`${where}: ${err.message}`)
    throw err
  }
  // The hot wallet is the first address of its mnemonic; deposit index 0 of the same mnemonic
  // would be the same account, and a sweep from it would empty the hot wallet into itself.
  if (hotWalletKey && addressOfPrivateKey(hotWalletKey) === depositKeys.address(0)) {
    throw new ConfigError(`${where}: the hot wallet and the deposit addresses must come from different keys`)
  }
  return createEvmAdapter({ config, rpc: new EvmRpc(config.network, config.rpcUrl), depositKeys, hotWalletKey })
}
