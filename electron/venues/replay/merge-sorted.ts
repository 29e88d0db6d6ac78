/**
 * Merges streams that are each sorted by `key` into one sorted stream. On a tie the
 * earlier stream wins, so the order of `sources` decides between simultaneous items.
 * Closing the merged stream closes every source.
 */
export async function* mergeSorted<T, K extends number | bigint>(sources: Array<AsyncGenerator<T>>, key: (item: T) => K): AsyncGenerator<T> {
  try {
    const heads = await Promise.all(sources.map((source) => source.next()))
    for (;;) {
      let best = -1
      let bestKey: K | undefined
      heads.forEach((head, i) => {
        if (head.done === true) return
        const k = key(head.value)
        if (bestKey === undefined || k < bestKey) {
          best = i
          bestKey = k
        }
      })
      if (best < 0) return
      yield (heads[best] as IteratorYieldResult<T>).value
      heads[best] = await (sources[best] as AsyncGenerator<T>).next()
    }
  } finally {
    await Promise.all(sources.map((source) => source.return(undefined)))
  }
}
