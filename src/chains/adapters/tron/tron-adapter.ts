import type { TronNetworkConfig } from '../../../config/index.js'
import { ChainRpcError, ChainUnavailableError } from '../../../errors/index.js'
import type { ChainAdapter } from '../../adapter.js'
import { paymentUri } from '../../payment-uri.js'
import { isValidTronAddress, tronAddressToHex } from './tron-address.js'
import { isObject } from './tron-api.js'
import type { TronApi } from './tron-api.js'
import type { TronDepositKeys } from './tron-keys.js'
import { isEmpty } from './tron-mapping.js'
import { createTronSend } from './tron-send.js'
import { createTronWatch } from './tron-watch.js'

export interface TronAdapterOptions {
  config: TronNetworkConfig
  api: TronApi
  depositKeys: TronDepositKeys
  /** The hot wallet's key, opened from its sealed form; without it the network only receives. */
  hotWalletKey: Uint8Array | undefined
}

/** A node that does not match its configuration: Kassa refuses to follow it at all. The message names the field. */
export class TronSetupError extends Error {}

export interface TronAdapter extends ChainAdapter {
  /** Checks the node is the configured chain (genesis block, JSON-RPC chain id) and USDT the configured token. */
  verify(): Promise<void>
}

/**
 * A real TRON chain (mainnet, Nile, Shasta or one's own) through a node's HTTP API and
 * JSON-RPC: T-addresses from the operator's HD key (BIP44 coin type 195), TRX and USDT-TRC20
 * received (tron-watch.ts) and sent (tron-send.ts).
 */
export function createTronAdapter(opts: TronAdapterOptions): TronAdapter {
  const { config, api, depositKeys } = opts
  const watch = createTronWatch(config, api)
  const send = opts.hotWalletKey && createTronSend({ config, api, depositKeys, hotWalletKey: opts.hotWalletKey })
  const where = `KASSA_TRON_NETWORKS_FILE: ${config.network}`
  // A URL that answers, but not as a TRON node does (TronGrid's root given as jsonRpcUrl, JSON-RPC
  // not enabled, a wrong path): a set-up error naming the field, not a bare HTTP 404.
  const refusedAs = async <T>(field: string, url: string, call: () => Promise<T>): Promise<T> => {
    try {
      return await call()
    } catch (err) {
      if (err instanceof ChainRpcError)
        throw new TronSetupError(`${where}: [${field}] ${url} does not answer as a TRON node does (${err.message})`)
      throw err
    }
  }

  return {
    network: config.network,
    family: 'tron',
    currencies: config.usdt ? ['USDT_TRC20', 'TRX'] : ['TRX'],
    testMode: false,
    confirmations: config.confirmations,
    pollIntervalMs: config.pollIntervalMs,
    explorerTxUrl: config.explorerTxUrl,
    capabilities: {
      supportsTokenTransfers: config.usdt !== undefined,
      supportsMemo: false,
      supportsPayoutMemo: false,
      supportsSend: send !== undefined,
    },
    receive: {
      indexScope: 'network',
      deriveAddress: (_storeId, index) => depositKeys.address(index),
      validateAddress: isValidTronAddress,
      paymentUri: (currency, address, amount) =>
        paymentUri({
          family: 'tron',
          currency,
          address,
          amount,
          tokenContract: currency === 'USDT_TRC20' ? config.usdt?.contract : undefined,
        }),
    },
    watch,
    send,
    async verify() {
      // Only block 0's id names the chain. Its header is not read: block 0 has no parent to
      // check, and java-tron leaves out every field that is zero or empty.
      const genesis = await refusedAs('httpUrl', config.httpUrl, () => api.post('/wallet/getblockbynum', { num: 0, visible: false }))
      const genesisId = isObject(genesis) && typeof genesis.blockID === 'string' ? genesis.blockID : undefined
      if (genesisId !== config.genesisBlockId) {
        throw new TronSetupError(
          `${where}: [chain] the node at ${config.httpUrl} has genesis block ${genesisId ?? '(none)'}, but chain "${config.chain}" begins with ${config.genesisBlockId}`,
        )
      }
      // TRON's JSON-RPC chain id is the last 4 bytes of the genesis block id.
      const chainId = Number(await refusedAs('jsonRpcUrl', config.jsonRpcUrl, () => api.rpc<string>('eth_chainId')))
      if (chainId !== Number.parseInt(config.genesisBlockId.slice(-8), 16)) {
        throw new TronSetupError(
          `${where}: [jsonRpcUrl] ${config.jsonRpcUrl} serves chain id 0x${chainId.toString(16)}, not chain "${config.chain}" (0x${config.genesisBlockId.slice(-8)})`,
        )
      }
      if (!config.usdt) return
      const contract = await api.post('/wallet/getcontract', { value: tronAddressToHex(config.usdt.contract), visible: false })
      if (isEmpty(contract))
        throw new TronSetupError(`${where}: [usdt.contract] ${config.usdt.contract} is not a contract on chain "${config.chain}"`)
      let decimals: number
      try {
        const a = await api.post<{ result?: { result?: boolean }; constant_result?: string[] }>('/wallet/triggerconstantcontract', {
          owner_address: tronAddressToHex(config.usdt.contract),
          contract_address: tronAddressToHex(config.usdt.contract),
          function_selector: 'decimals()',
          parameter: '',
          visible: false,
        })
        const word = a.constant_result?.[0]
        if (!a.result?.result || !word || !/^[0-9a-f]{64}$/i.test(word)) throw new Error('decimals() gave no number')
        decimals = Number(BigInt(`0x${word}`))
      } catch (err) {
        if (err instanceof ChainUnavailableError) throw err
        throw new TronSetupError(`${where}: [usdt.contract] ${config.usdt.contract} is not a TRC-20 token (${(err as Error).message})`)
      }
      if (decimals !== config.usdt.decimals)
        throw new TronSetupError(
          `${where}: [usdt.decimals] ${config.usdt.contract} has ${decimals} decimals; the configuration says ${config.usdt.decimals}`,
        )
    },
  }
}
