import type { Metadata } from 'next';
import { AccountsPage } from './accounts-page';

export const metadata: Metadata = { title: 'Broker accounts' };

export default function BrokerAccountsPage() {
  return <AccountsPage />;
}
