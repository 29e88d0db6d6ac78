/** A settings form's submit button with the refusal, if any, beside it. */
export function SubmitRow({ label, error, disabled = false }: { label: string; error: string | undefined; disabled?: boolean }) {
  return (
    <div className="st-inline">
      <button type="submit" className="tt-btn" disabled={disabled}>
        {label}
      </button>
      {error !== undefined && (
        <span className="st-error" role="alert">
          {error}
        </span>
      )}
    </div>
  )
}
