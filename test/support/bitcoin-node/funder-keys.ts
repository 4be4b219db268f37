import { secp256k1 } from '@noble/curves/secp256k1'
import { payments } from 'bitcoinjs-lib'
import type { Coin } from './binaries.js'
import { NODE_ADDRESS_NETWORK, REGTEST_NETWORK } from './networks.js'

export interface FunderKeys {
  privateKey: Uint8Array
  publicKey: Uint8Array
  /** P2WPKH output script. */
  script: Uint8Array
  /** As Kassa writes it (bcrt1… / rltc1…). */
  address: string
  /** As the node's RPC wants it (--miningaddr): the same for BTC, bcrt1… for ltcd. */
  nodeAddress: string
}

export function funderKeys(coin: Coin, privateKeyHex: string): FunderKeys {
  const privateKey = Uint8Array.from(Buffer.from(privateKeyHex, 'hex'))
  const publicKey = secp256k1.getPublicKey(privateKey, true)
  const pay = payments.p2wpkh({ pubkey: publicKey, network: REGTEST_NETWORK[coin] })
  const nodeAddress = payments.p2wpkh({ pubkey: publicKey, network: NODE_ADDRESS_NETWORK[coin] }).address!
  return { privateKey, publicKey, script: pay.output!, address: pay.address!, nodeAddress }
}
