import type { Overview } from "@/lib/admin/queries";

const series = [
  { key: "SUCCEEDED", label: "Succeeded", color: "#059669" },
  { key: "FAILED", label: "Failed", color: "#dc2626" },
  { key: "EXPIRED", label: "Expired", color: "#d97706" },
  { key: "CANCELLED", label: "Cancelled", color: "#94a3b8" },
] as const;

// Stacked bars of connect attempts per day, as SVG (no chart library), with a table
// alternative for screen readers.
export function AttemptsChart({ days }: { days: Overview["days"] }) {
  const max = Math.max(1, ...days.map((d) => d.SUCCEEDED + d.FAILED + d.EXPIRED + d.CANCELLED));
  const width = 720;
  const height = 160;
  const bar = width / days.length;
  return (
    <figure>
      <svg viewBox={`0 0 ${width} ${height + 20}`} className="w-full" role="img" aria-label="Connect attempts per day for the last 30 days, by outcome">
        {days.map((day, i) => {
          let y = height;
          return (
            <g key={day.day}>
              {series.map((s) => {
                const h = (day[s.key] / max) * height;
                y -= h;
                return h > 0 ? (
                  <rect key={s.key} x={i * bar + 2} y={y} width={bar - 4} height={h} fill={s.color}>
                    <title>{`${day.day}: ${day[s.key]} ${s.label.toLowerCase()}`}</title>
                  </rect>
                ) : null;
              })}
              {i % 5 === 0 && (
                <text x={i * bar + bar / 2} y={height + 14} fontSize="10" textAnchor="middle" fill="#64748b">
                  {day.day.slice(5)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption className="mt-2 flex flex-wrap gap-4 text-xs text-slate-600">
        {series.map((s) => (
          <span key={s.key} className="inline-flex items-center gap-1">
            <span aria-hidden className="inline-block h-2.5 w-2.5 rounded-sm" style={{ background: s.color }} />
            {s.label}: {days.reduce((n, d) => n + d[s.key], 0)}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
