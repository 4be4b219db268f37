// Experiment preload: node --import ./bench/experiments/no-viem.js bin/kassa.js serve
// Resolves the bare specifier 'viem' to ./viem-shim.js (see there).
import { register } from 'node:module'

register('./no-viem-hooks.js', import.meta.url)
