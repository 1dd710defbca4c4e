/** Operations: heartbeats and health, scheduler jobs, demo seed. */
export { type Heartbeat, readHeartbeats, startHeartbeat } from './heartbeat';
export { DEMO_USERS, seedDemo } from './seed-demo';
