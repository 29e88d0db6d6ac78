import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64'
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus'
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator'

/** 32-bit FNV-1a over the parts, to derive independent seeds from one master seed. */
export function deriveSeed(seed: number, ...parts: Array<string | number>): number {
  let hash = 0x811c9dc5 ^ (seed >>> 0)
  for (const char of parts.join('\u0000')) {
    hash ^= char.charCodeAt(0)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}

/** A seeded generator: the same seed gives the same sequence on every machine. */
export class SeededRandom {
  private readonly rng: RandomGenerator
  private spareNormal: number | undefined

  constructor(seed: number) {
    this.rng = xoroshiro128plus(seed | 0)
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return uniformFloat64(this.rng)
  }

  /** Standard normal (Box-Muller; the second value of each pair is kept for the next call). */
  normal(): number {
    if (this.spareNormal !== undefined) {
      const value = this.spareNormal
      this.spareNormal = undefined
      return value
    }
    const u = 1 - this.uniform()
    const v = this.uniform()
    const radius = Math.sqrt(-2 * Math.log(u))
    this.spareNormal = radius * Math.sin(2 * Math.PI * v)
    return radius * Math.cos(2 * Math.PI * v)
  }

  /** Exponentially distributed with the given mean. */
  exponential(mean: number): number {
    return -Math.log(1 - this.uniform()) * mean
  }
}
