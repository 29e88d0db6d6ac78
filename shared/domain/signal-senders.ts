import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from './signals'

/**
 * A channel's secret and the instructions a sender needs. The settings screen makes the
 * secret because the trader must copy it once into their script or alert; the main process
 * keeps it in the OS keychain and never sends it back.
 */

/** 32 random bytes, base64url (43 characters). */
export function newSignalSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32))
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** A shell script that signs and sends one signal (openssl and curl, on Linux and macOS). */
export function curlExample(url: string, secret: string, symbol: string): string {
  return [
    `BODY='{"symbol":"${symbol}","action":"long","confidence":0.8,"reasoning":"my script"}'`,
    `TS=$(($(date +%s) * 1000))`,
    `SIG=$(printf '%s.%s' "$TS" "$BODY" | openssl dgst -sha256 -hmac '${secret}' | sed 's/^.* //')`,
    `curl -X POST '${url}' -H 'Content-Type: application/json' -H "${TIMESTAMP_HEADER}: $TS" -H "${SIGNATURE_HEADER}: $SIG" -d "$BODY"`,
  ].join('\n')
}

/** A TradingView alert message: the secret as a token, and the alert's own time, ticker and position. */
export function tradingViewMessage(secret: string): string {
  return `{"token":"${secret}","time":"{{timenow}}","symbol":"{{ticker}}","action":"{{strategy.market_position}}","reasoning":"{{strategy.order.comment}}"}`
}
