import { curlExample, tradingViewMessage } from '../../../../shared/domain/signal-senders'

/**
 * A channel's new secret, shown this once with how to send signals: the keychain keeps it,
 * and the app cannot show it again (a lost one is replaced with New secret).
 */
export function SecretReveal({ url, secret, symbol, onDone }: { url: string; secret: string; symbol: string; onDone(): void }) {
  return (
    <div className="sg-reveal" role="group" aria-label="New channel secret">
      <p>
        <strong>Copy this secret now:</strong> it is kept in the OS keychain and is not shown again.
      </p>
      <code className="sg-secret" data-testid="signal-secret">
        {secret}
      </code>
      <p className="af-hint">Post to {url}. From a script, sign each request (HMAC-SHA256 of the timestamp in ms, a dot and the body):</p>
      <pre className="sg-example">{curlExample(url, secret, symbol)}</pre>
      <p className="af-hint">
        From a TradingView alert, use this message (TradingView posts only to ports 80 and 443, so put the endpoint behind your own HTTPS tunnel or proxy):
      </p>
      <pre className="sg-example">{tradingViewMessage(secret)}</pre>
      <button type="button" className="tt-btn" onClick={onDone}>
        I have copied it
      </button>
    </div>
  )
}
