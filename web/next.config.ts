import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';

// The API process serves web/out from the same origin, so the app is a plain static export with no server.
const nextConfig: NextConfig = {
  output: 'export',
  // Emits login/index.html and dashboard/index.html, which any static file server can find without rewrites.
  trailingSlash: true,
  reactStrictMode: true,
  poweredByHeader: false,
  images: { unoptimized: true },
  // next is installed in the repository root's node_modules (npm workspace), so Turbopack must see the root.
  turbopack: { root: dirname(dirname(fileURLToPath(import.meta.url))) },
};

export default nextConfig;
