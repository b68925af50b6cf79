export default function Home() {
  return (
    <main className="mx-auto max-w-xl px-6 py-16">
      <h1 className="text-2xl font-semibold">Switchboard</h1>
      <p className="mt-3 text-slate-600">
        Switchboard lets your users connect their third-party apps through Cyclr. End users reach it through a connect link that your backend creates with{" "}
        <code className="rounded bg-slate-200 px-1">POST /api/v1/connect-sessions</code>.
      </p>
    </main>
  );
}
