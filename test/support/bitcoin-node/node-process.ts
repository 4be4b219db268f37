import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import type { Readable } from 'node:stream'

/**
 * btcd/ltcd run under a small sh watchdog holding this process's end of a pipe: when the test
 * process ends in any way (even SIGKILL, when no 'exit' handler runs) the pipe closes and the
 * watchdog SIGKILLs the node, so no node outlives its test. The node's pid comes back on fd 3,
 * so stop() can send it SIGINT (btcd's graceful shutdown) and kill() SIGKILL.
 */
const WATCHDOG = `exec 4<&0 0</dev/null
"$@" 3>&- 4<&- &
c=$!
echo "$c" >&3
exec 3>&-
(read _ <&4; kill -9 "$c" 2>/dev/null) &
w=$!
exec 4<&-
wait "$c"; s=$?
kill "$w" 2>/dev/null
exit $s`

const LOG_LINES = 400

export interface NodeProcess {
  readonly pid: number
  readonly exited: Promise<number | null>
  logTail(lines?: number): string
  signal(sig: NodeJS.Signals): void
}

const live = new Set<ChildProcess>()
process.once('exit', () => {
  for (const c of live) c.kill('SIGKILL')
})

export async function spawnNode(binary: string, args: string[]): Promise<NodeProcess> {
  const child = spawn('/bin/sh', ['-c', WATCHDOG, 'watchdog', binary, ...args], { stdio: ['pipe', 'pipe', 'pipe', 'pipe'] })
  live.add(child)
  const log: string[] = []
  let partial = ''
  const collect = (d: Buffer) => {
    const parts = (partial + d.toString('utf8')).split('\n')
    partial = parts.pop() ?? ''
    log.push(...parts)
    if (log.length > LOG_LINES) log.splice(0, log.length - LOG_LINES)
  }
  child.stdout!.on('data', collect)
  child.stderr!.on('data', collect)
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      live.delete(child)
      resolve(code)
    }),
  )
  const pid = await new Promise<number>((resolve, reject) => {
    let text = ''
    const fd3 = child.stdio[3] as Readable
    fd3.on('data', (d: Buffer) => {
      text += d.toString()
      if (text.includes('\n')) resolve(Number(text.trim()))
    })
    child.once('error', reject)
    child.once('exit', () => reject(new Error(`${binary} exited at once: ${log.join('\n')}`)))
  })
  return {
    pid,
    exited,
    logTail: (lines = 60) => [...log, partial].slice(-lines).join('\n'),
    signal(sig) {
      try {
        process.kill(pid, sig)
      } catch {
        // already gone
      }
    },
  }
}
