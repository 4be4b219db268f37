/**
 * Per-network facts the double serves, read from the recorded data in test/fixtures/tron/
 * (networks.json: genesis block ids and JSON-RPC chain ids; chain/mainnet-getchainparameters.json:
 * a recorded mainnet /wallet/getchainparameters answer) plus each network's USDT contract.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export type TronNetwork = 'mainnet' | 'nile' | 'shasta'

const FIXTURES = fileURLToPath(new URL('../../fixtures/tron/', import.meta.url))

export function readFixture<T>(relative: string): T {
  return JSON.parse(readFileSync(`${FIXTURES}${relative}`, 'utf8')) as T
}

interface NetworkFacts {
  genesisBlockId: string
  jsonRpcChainId: string
}

export function networkFacts(network: TronNetwork): NetworkFacts {
  const all = readFixture<Record<TronNetwork, NetworkFacts>>('networks.json')
  return all[network]
}

/**
 * USDT (TetherToken, 6 decimals) per network, hex: mainnet TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t
 * (the contract of the recorded mainnet transfers), Nile the TetherToken of the recorded Nile
 * getcontract answer, Shasta the token of the recorded Shasta transfers (aiotx cassettes).
 */
export const USDT_CONTRACTS: Readonly<Record<TronNetwork, string>> = {
  mainnet: '41a614f803b6fd780986a42c78ec9c7f77e6ded13c',
  nile: '41eca9bc828a3005b9a3b909f2cc5c2a54794de05f',
  shasta: '4142a1e39aefa49290f2b3f9ed688d7cecf86cd6e0',
}

export interface ChainParameter {
  key: string
  value?: number
}

export function recordedChainParameters(): ChainParameter[] {
  return readFixture<{ chainParameter: ChainParameter[] }>('chain/mainnet-getchainparameters.json').chainParameter
}
