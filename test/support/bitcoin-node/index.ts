export { BitcoinNode, startBitcoinNode } from './bitcoin-node.js'
export type { StartBitcoinNodeOptions } from './bitcoin-node.js'
export { bitcoinNodesAvailable, bitcoinNodesSkipReason, nodeBinary } from './binaries.js'
export type { Coin } from './binaries.js'
export { Funder } from './funder.js'
export type { FunderCoin, Outpoint, PayOptions, PayOutput, SignedTx } from './funder.js'
export { BitcoinRpcError } from './json-rpc.js'
export {
  BTC_REGTEST,
  LTC_REGTEST,
  LTCD_REGTEST_NODE_ADDRESSES,
  NODE_ADDRESS_NETWORK,
  REGTEST_GENESIS_HASH,
  REGTEST_NETWORK,
} from './networks.js'
