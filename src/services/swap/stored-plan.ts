/** What a split order keeps of its plan (swap_orders.plan, JSON): amounts as atomic-unit strings. */
export interface StoredSplitPlan {
  /** Epoch seconds. */
  createdAt: number
  serviceFeeHundredths: number
  serviceFee: string
  feePerOutput: string
  feeOutputsTotal: string
  outputs: StoredOutput[]
}

export interface StoredOutput {
  address: string
  tag: string | null
  shareHundredths: number
  delayMinutes: number
  amount: string
}
