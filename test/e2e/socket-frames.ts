import type { Page } from '@playwright/test'

/** Every WebSocket frame the page sends and receives from now on, as text: to prove what never crosses. */
export function recordSocketFrames(page: Page): { sent: string[]; received: string[] } {
  const frames = { sent: [] as string[], received: [] as string[] }
  page.on('websocket', (ws) => {
    ws.on('framesent', (frame) => frames.sent.push(String(frame.payload)))
    ws.on('framereceived', (frame) => frames.received.push(String(frame.payload)))
  })
  return frames
}
