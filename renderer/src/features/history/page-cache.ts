import type { Result } from '../../../../shared/contract/result'
import type { HistoryPage } from '../../../../shared/domain/history'

/** Rows asked for at a time. */
export const PAGE_SIZE = 200
/** Queries (filter and sort) whose pages are kept, so going back to one shows it at once. */
const KEPT_QUERIES = 8

/** What is known of one query's rows: a page at a time, as the table scrolled into them. */
export interface PageState<Row> {
  /** How many rows match; undefined until the first reply. */
  total: number | undefined
  /** Fetched pages by page number. */
  pages: ReadonlyMap<number, readonly Row[]>
  /** Why the last fetch failed; no more fetches until `retry`. */
  error: string | undefined
}

export type PageFetcher<Query, Row> = (query: Query, offset: number, limit: number) => Promise<Result<HistoryPage<Row>>>

interface Entry<Row> {
  state: PageState<Row>
  pending: Set<number>
}

const EMPTY: PageState<never> = { total: undefined, pages: new Map(), error: undefined }

/** The row at `index`, if its page has arrived. */
export function rowAt<Row>(state: PageState<Row>, index: number, pageSize = PAGE_SIZE): Row | undefined {
  return state.pages.get(Math.floor(index / pageSize))?.[index % pageSize]
}

/** The page numbers holding rows first..last (inclusive), within the total when it is known. */
export function pagesCovering(first: number, last: number, total: number | undefined, pageSize = PAGE_SIZE): number[] {
  const end = total === undefined ? last : Math.min(last, total - 1)
  const pages: number[] = []
  for (let page = Math.floor(Math.max(0, first) / pageSize); page * pageSize <= end; page++) pages.push(page)
  return pages
}

/**
 * Server-paged rows of many queries (keyed by the caller, e.g. the query as JSON), fetched
 * on demand as a table scrolls, each page once, the most recent queries kept. An external
 * store for useSyncExternalStore: a query's state is a new object whenever it changes.
 */
export class PagedQuery<Query, Row> {
  private readonly entries = new Map<string, Entry<Row>>()
  private readonly listeners = new Set<() => void>()

  constructor(
    private readonly fetchPage: PageFetcher<Query, Row>,
    readonly pageSize = PAGE_SIZE,
  ) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  state(key: string): PageState<Row> {
    return this.entries.get(key)?.state ?? EMPTY
  }

  /** Fetches the pages of rows first..last that are neither here nor on their way. */
  ensure(key: string, query: Query, first: number, last: number): void {
    const entry = this.touch(key)
    if (entry.state.error !== undefined) return
    for (const page of pagesCovering(first, last, entry.state.total, this.pageSize)) {
      if (entry.state.pages.has(page) || entry.pending.has(page)) continue
      entry.pending.add(page)
      void this.fetchPage(query, page * this.pageSize, this.pageSize).then((result) => {
        entry.pending.delete(page)
        if (result.ok) {
          const pages = new Map(entry.state.pages)
          pages.set(page, result.value.rows)
          entry.state = { total: result.value.total, pages, error: undefined }
        } else {
          entry.state = { ...entry.state, error: result.error.message }
        }
        this.notify()
      })
    }
  }

  /** Forgets a failure so the next `ensure` asks again. */
  retry(key: string): void {
    const entry = this.entries.get(key)
    if (entry?.state.error === undefined) return
    entry.state = { ...entry.state, error: undefined }
    this.notify()
  }

  /** Replaces rows in every kept query (a trade's note or tags were saved); `replace` returns the row itself to keep it. */
  updateRows(replace: (row: Row) => Row): void {
    let changed = false
    for (const entry of this.entries.values()) {
      let pages: Map<number, readonly Row[]> | undefined
      for (const [page, rows] of entry.state.pages) {
        const next = rows.map(replace)
        if (next.every((row, i) => row === rows[i])) continue
        pages ??= new Map(entry.state.pages)
        pages.set(page, next)
      }
      if (pages === undefined) continue
      entry.state = { ...entry.state, pages }
      changed = true
    }
    if (changed) this.notify()
  }

  /** The entry of `key`, made the most recent; the oldest beyond KEPT_QUERIES are dropped. */
  private touch(key: string): Entry<Row> {
    const entry = this.entries.get(key) ?? { state: EMPTY, pending: new Set<number>() }
    this.entries.delete(key)
    this.entries.set(key, entry)
    for (const old of this.entries.keys()) {
      if (this.entries.size <= KEPT_QUERIES) break
      this.entries.delete(old)
    }
    return entry
  }

  private notify(): void {
    for (const listener of this.listeners) listener()
  }
}
