import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { generateMnemonic } from '@scure/bip39'
import { wordlist } from '@scure/bip39/wordlists/english'
import { createPublicClient, createTestClient, createWalletClient, http } from 'viem'
import type { Abi, Hex, PublicClient, TestClient, WalletClient } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import type { PrivateKeyAccount } from 'viem/accounts'
import { freePort } from '../samples/server-process.js'

/**
 * A real local Ethereum node for the EVM tests: anvil from Foundry's npm build
 * (@foundry-rs/anvil-linux-amd64, the binary inside a registry package), on a free loopback port, with automatic mining off
 * so tests decide when blocks are made. Every key is generated here, per run.
 */
export interface Anvil {
  url: string
  port: number
  chainId: number
  public: PublicClient
  test: TestClient
  /** A funded account that deploys contracts and pays. */
  funder: PrivateKeyAccount
  wallet(account: PrivateKeyAccount): WalletClient
  /** A fresh funded account. */
  newPayer(eth?: bigint): Promise<PrivateKeyAccount>
  mine(blocks?: number): Promise<void>
  stop(): Promise<void>
}

export const ANVIL_CHAIN_ID = 31337

const require = createRequire(import.meta.url)

/** The platform package's binary, as the wrapper's own bin.mjs would pick it. */
function anvilBinary(): string {
  const os = { linux: 'linux', darwin: 'darwin', win32: 'win32' }[process.platform as string]
  const arch = { x64: 'amd64', arm64: 'arm64' }[process.arch as string]
  const pkg = `@foundry-rs/anvil-${os}-${arch}`
  let dir: string
  try {
    dir = dirname(require.resolve(`${pkg}/package.json`))
  } catch {
    throw new Error(
      `the EVM tests need anvil: ${pkg} is not installed (package.json lists the Linux x64 build as an optional dependency; add this platform's)`,
    )
  }
  return join(dir, 'bin', process.platform === 'win32' ? 'anvil.exe' : 'anvil')
}

export async function startAnvil(opts: { chainId?: number; gasLimit?: bigint } = {}): Promise<Anvil> {
  const port = await freePort()
  const chainId = opts.chainId ?? ANVIL_CHAIN_ID
  const child: ChildProcess = spawn(
    anvilBinary(),
    [
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--chain-id',
      String(chainId),
      '--no-mining',
      '--silent',
      '--mnemonic',
      generateMnemonic(wordlist),
      '--accounts',
      '1',
      ...(opts.gasLimit ? ['--gas-limit', String(opts.gasLimit)] : []),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  )
  let stderr = ''
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString()
  })
  const url = `http://127.0.0.1:${port}`
  const transport = http(url, { retryCount: 0 })
  const publicClient = createPublicClient({ transport }) as PublicClient
  const testClient = createTestClient({ mode: 'anvil', transport })
  for (let i = 0; ; i++) {
    try {
      await publicClient.getChainId()
      break
    } catch {
      if (child.exitCode !== null || i > 200) throw new Error(`anvil did not start: ${stderr}`)
      await new Promise((r) => setTimeout(r, 25))
    }
  }
  const funder = privateKeyToAccount(generatePrivateKey())
  await testClient.setBalance({ address: funder.address, value: 10n ** 24n })
  const chain = {
    id: chainId,
    name: 'anvil',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [url] } },
  }
  return {
    url,
    port,
    chainId,
    public: publicClient,
    test: testClient,
    funder,
    wallet: (account) => createWalletClient({ account, chain, transport }),
    async newPayer(eth = 10n ** 20n) {
      const a = privateKeyToAccount(generatePrivateKey())
      await testClient.setBalance({ address: a.address, value: eth })
      return a
    },
    mine: (blocks = 1) => testClient.mine({ blocks }),
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGKILL')
        await new Promise((r) => child.once('exit', r))
      }
    },
  }
}

interface Compiled {
  abi: Abi
  bytecode: Hex
}

let compiled: Record<string, Compiled> | undefined

/** test/support/contracts/TestToken.sol compiled with the solc npm package (once per process). */
export function testContracts(): Record<'TestToken' | 'NotAToken', Compiled> {
  if (!compiled) {
    const solc = require('solc') as { compile(input: string): string }
    const source = readFileSync(new URL('./contracts/TestToken.sol', import.meta.url), 'utf8')
    const out = JSON.parse(
      solc.compile(
        JSON.stringify({
          language: 'Solidity',
          sources: { 'TestToken.sol': { content: source } },
          settings: { optimizer: { enabled: true, runs: 200 }, outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } } },
        }),
      ),
    ) as {
      errors?: { severity: string; formattedMessage: string }[]
      contracts: Record<string, Record<string, { abi: Abi; evm: { bytecode: { object: string } } }>>
    }
    const errors = (out.errors ?? []).filter((e) => e.severity === 'error')
    if (errors.length > 0) throw new Error(errors.map((e) => e.formattedMessage).join('\n'))
    compiled = Object.fromEntries(
      Object.entries(out.contracts['TestToken.sol']!).map(([name, c]) => [
        name,
        { abi: c.abi, bytecode: `0x${c.evm.bytecode.object}` as Hex },
      ]),
    )
  }
  return compiled as Record<'TestToken' | 'NotAToken', Compiled>
}

/** Deploys a contract from the funder and mines it; returns its address. */
export async function deploy(anvil: Anvil, name: 'TestToken' | 'NotAToken'): Promise<Hex> {
  const c = testContracts()[name]
  const hash = await anvil
    .wallet(anvil.funder)
    .deployContract({ abi: c.abi, bytecode: c.bytecode, account: anvil.funder, chain: undefined })
  await anvil.mine(1)
  const receipt = await anvil.public.waitForTransactionReceipt({ hash, pollingInterval: 20 })
  if (!receipt.contractAddress) throw new Error(`${name} was not deployed`)
  return receipt.contractAddress
}

export async function mintTokens(anvil: Anvil, token: Hex, to: Hex, amount: bigint): Promise<void> {
  const c = testContracts().TestToken
  await anvil
    .wallet(anvil.funder)
    .writeContract({ address: token, abi: c.abi, functionName: 'mint', args: [to, amount], account: anvil.funder, chain: undefined })
  await anvil.mine(1)
}

export async function sendEth(anvil: Anvil, from: PrivateKeyAccount, to: string, value: bigint): Promise<Hex> {
  return anvil.wallet(from).sendTransaction({ to: to as Hex, value, account: from, chain: undefined })
}

export async function sendTokens(anvil: Anvil, token: Hex, from: PrivateKeyAccount, to: string, amount: bigint): Promise<Hex> {
  const c = testContracts().TestToken
  return anvil
    .wallet(from)
    .writeContract({ address: token, abi: c.abi, functionName: 'transfer', args: [to as Hex, amount], account: from, chain: undefined })
}

export async function tokenBalance(anvil: Anvil, token: Hex, owner: string): Promise<bigint> {
  const c = testContracts().TestToken
  return (await anvil.public.readContract({ address: token, abi: c.abi, functionName: 'balanceOf', args: [owner as Hex] })) as bigint
}
