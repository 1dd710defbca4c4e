import { describeApiFuzz } from './fuzz-harness';

// Public routes in full, and the refusal path of every other route. The four api-fuzz-* files send 4 × 2,500 = 10,000 requests.
describeApiFuzz({ runs: 2_500, audience: 'anonymous' });
