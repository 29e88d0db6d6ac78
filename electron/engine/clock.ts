/** The engine's only source of time, so runs can be replayed and tested deterministically. */
export interface Clock {
  now(): number
}

export const systemClock: Clock = { now: () => Date.now() }

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  constructor(private time: number) {}
  now(): number {
    return this.time
  }
  set(time: number): void {
    this.time = time
  }
  advance(ms: number): void {
    this.time += ms
  }
}
