'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

// A static export has no server redirects; the dashboard itself sends signed-out visitors to /login.
export default function Home() {
  const router = useRouter();
  useEffect(() => {
    router.replace('/dashboard/');
  }, [router]);
  return <p className="page-note">Opening the dashboard…</p>;
}
