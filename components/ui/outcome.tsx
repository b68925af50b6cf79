/** What an action came to: a success in a live status region, a failure as an alert. */
export function Outcome({ done, error }: { done: string | null; error: string | null | undefined }) {
  return (
    <div className="min-h-6 text-sm">
      <div role="status" aria-live="polite">
        {done && <p className="text-sb-success">{done}</p>}
      </div>
      {error && (
        <p role="alert" className="text-sb-danger">
          {error}
        </p>
      )}
    </div>
  );
}
