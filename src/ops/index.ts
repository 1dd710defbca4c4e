/** Operations: heartbeats and health, scheduler jobs, demo seed. */
export { type Heartbeat, readHeartbeats, startHeartbeat } from './heartbeat';
export { DEMO_FYERS_LABEL, DEMO_USERS, type DemoFyers, seedDemo } from './seed-demo';
