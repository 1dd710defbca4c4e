import { describeApiFuzz } from './fuzz-harness';

// Every route as a trader. The four api-fuzz-* files send 4 × 2,500 = 10,000 requests.
describeApiFuzz({ runs: 2_500, audience: ['trader'] });
