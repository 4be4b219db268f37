import { randomBytes } from 'node:crypto'
import { generateMnemonic } from '@scure/bip39'
import { wordlist } from '@scure/bip39/wordlists/english'
import type { Hex } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import type { ChainAdapter } from '../../src/chains/adapter.js'
import { parseEvmNetworks } from '../../src/config/evm-networks.js'
import type { ChainWatcher } from '../../src/jobs/workers/chain-watcher.js'
import { SecretBox } from '../../src/security/secret-box.js'
import type { Anvil } from './anvil.js'
import type { TestDialect } from './databases.js'
import { startTestKassa } from './test-kassa.js'
import type { TestKassa } from './test-kassa.js'

/** Bearer token of the operator routes in EVM tests. */
export const OPERATOR_TOKEN = 'operator-token-for-evm-tests-0001'

export interface EvmTestKassa extends TestKassa {
  network: string
  adapter: ChainAdapter
  watcher: ChainWatcher
  hotWallet: Hex
  depositMnemonic: string
  masterKey: string
}

export interface EvmKassaOptions {
  /** The node Kassa talks to (a proxy in outage tests); default: the anvil itself. */
  rpcUrl?: string
  token?: Hex
  confirmations?: number
  /** Deposit keys from an xpub (derive only) instead of a mnemonic (derive and sweep). */
  xpubOnly?: boolean
  /** Reuse keys, e.g. to restart Kassa over the same database. */
  keys?: { masterKey: string; depositMnemonic: string; hotKey: Hex }
  database?: TestKassa['database']
}

/**
 * A test Kassa following one anvil chain as the live network `evm-anvil`, with generated keys
 * sealed under a generated master key exactly as `kassa secret seal` would, and the hot wallet
 * funded with ETH (and tokens when a token is given).
 */
export async function startEvmKassa(
  dialect: TestDialect,
  anvil: Anvil,
  opts: EvmKassaOptions = {},
): Promise<EvmTestKassa & { hotKey: Hex }> {
  const keys = opts.keys ?? {
    masterKey: randomBytes(32).toString('base64'),
    depositMnemonic: generateMnemonic(wordlist),
    hotKey: generatePrivateKey(),
  }
  const box = new SecretBox(Buffer.from(keys.masterKey, 'base64'))
  const hotWallet = privateKeyToAccount(keys.hotKey).address
  if (!opts.keys) await anvil.test.setBalance({ address: hotWallet, value: 10n ** 21n })
  const deposits = opts.xpubOnly
    ? {
        xpub: (await import('@scure/bip32')).HDKey.fromMasterSeed(
          (await import('@scure/bip39')).mnemonicToSeedSync(keys.depositMnemonic),
        ).derive("m/44'/60'/0'").publicExtendedKey,
      }
    : { mnemonic: box.seal(keys.depositMnemonic) }
  const evmNetworks = parseEvmNetworks(
    [
      {
        name: 'anvil',
        chainId: anvil.chainId,
        rpcUrl: opts.rpcUrl ?? anvil.url,
        confirmations: opts.confirmations ?? 3,
        deposits,
        hotWallet: { privateKey: box.seal(keys.hotKey) },
        tokens: opts.token ? [{ currency: 'USDT_ERC20', contract: opts.token, decimals: 6 }] : [],
      },
    ],
    'test',
  )
  const env = { KASSA_MASTER_KEY: keys.masterKey, KASSA_OPERATOR_TOKEN: OPERATOR_TOKEN }
  const t = await startTestKassa(dialect, { env, config: { evmNetworks } }, opts.database)
  const adapter = t.kassa.deps.chains.byNetwork('evm-anvil')!
  const watcher = t.kassa.watchers.find((w) => w.network === 'evm-anvil')!
  return {
    ...t,
    network: 'evm-anvil',
    adapter,
    watcher,
    hotWallet,
    depositMnemonic: keys.depositMnemonic,
    masterKey: keys.masterKey,
    hotKey: keys.hotKey,
  }
}
