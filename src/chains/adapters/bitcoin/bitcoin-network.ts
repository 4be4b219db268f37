import type { BitcoinNetworkConfig } from '../../../config/bitcoin-networks.js'
import { ConfigError } from '../../../config/config-error.js'
import type { SecretBox } from '../../../security/secret-box.js'
import { networkSecrets } from '../network-secrets.js'
import { createBitcoinAdapter } from './bitcoin-adapter.js'
import type { BitcoinAdapter } from './bitcoin-adapter.js'
import { addressNetwork } from './bitcoin-chains.js'
import { BitcoinDepositKeys, BitcoinKeyError, bitcoinHotWalletKey, hotWalletAddress } from './bitcoin-keys.js'
import { BitcoinRpc } from './bitcoin-rpc.js'

/**
 * One configured Bitcoin or Litecoin network, ready to register: keys and the RPC password
 * opened from their sealed form with the master key, the RPC client, the adapter. No network
 * I/O here; `adapter.verify()` checks the node when the server starts.
 */
export function openBitcoinNetwork(config: BitcoinNetworkConfig, box: SecretBox): BitcoinAdapter {
  const where = `KASSA_BITCOIN_NETWORKS_FILE: ${config.network}`
  const networkName = addressNetwork(config.coin, config.chain)
  const { open, key } = networkSecrets(box, where, BitcoinKeyError)
  const d = config.deposits
  const depositKeys =
    'xpub' in d
      ? key('deposits.xpub', () => BitcoinDepositKeys.fromXpub(d.xpub, networkName, d.addressType))
      : key('deposits.mnemonic', () =>
          BitcoinDepositKeys.fromMnemonic(open(d.mnemonicSealed, 'deposits.mnemonic'), networkName, d.addressType),
        )
  const h = config.hotWallet
  const hotWalletKey =
    h === undefined
      ? undefined
      : 'privateKeySealed' in h
        ? key('hotWallet.privateKey', () =>
            bitcoinHotWalletKey({ privateKey: open(h.privateKeySealed, 'hotWallet.privateKey') }, networkName),
          )
        : key('hotWallet.mnemonic', () => bitcoinHotWalletKey({ mnemonic: open(h.mnemonicSealed, 'hotWallet.mnemonic') }, networkName))
  // Deposit address 0 of the hot wallet's own mnemonic would be the hot wallet: a sweep would
  // send its coins to itself, and its payments would look like the wallet's own coins.
  if (hotWalletKey && hotWalletAddress(hotWalletKey, networkName).address === depositKeys.address(0).address)
    throw new ConfigError(`${where}: [hotWallet] the hot wallet and the deposit addresses must come from different keys`)
  const auth =
    'cookieFile' in config.auth
      ? { cookieFile: config.auth.cookieFile }
      : { user: config.auth.user, password: open(config.auth.passwordSealed, 'rpcPassword') }
  const rpc = new BitcoinRpc(config.network, config.rpcUrl, auth)
  return createBitcoinAdapter({ config, rpc, depositKeys, hotWalletKey })
}
